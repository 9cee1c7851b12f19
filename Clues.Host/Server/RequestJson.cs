using Clues.Core.Api;
using Clues.Core.Model;

namespace Clues.Host.Server;

/// <summary>A queued request as the JSON API shows it.</summary>
/// <remarks><c>job</c> (the LRMS job the request was made for, with its own state) is null when job monitoring does not know it.</remarks>
internal sealed record RequestJson(
    long Id, string State, int StateCode, double Slots, double Memory, IReadOnlyList<string> Expressions,
    int TaskCount, int MaxTasksPerNode, string? JobId, IReadOnlyList<string> JobNodes, IReadOnlyList<string> BookedNodes,
    double TimestampCreated, double TimestampState, double TimestampAttended, int AttendedRetries, string? Why, JobJson? Job)
{
    public static RequestJson From(RequestSnapshot r) => new(
        r.Id, r.State.ToDisplay(), (int)r.State, r.Resources.Slots, r.Resources.Memory, r.Resources.Expressions,
        r.Resources.TaskCount, r.Resources.MaxTasksPerNode, r.JobId, r.JobNodeIds, r.BookedNodes,
        r.TimestampCreated, r.TimestampState, r.TimestampAttended, r.AttendedRetries, r.Why,
        r.Job is { } job ? new JobJson(job.Id, job.State, job.Nodes) : null);
}
