using Clues.Core.Api;
using Clues.Core.Model;

namespace Clues.Host.Server;

/// <summary>A queued request as the JSON API shows it.</summary>
internal sealed record RequestJson(
    long Id, string State, int StateCode, double Slots, double Memory, IReadOnlyList<string> Expressions,
    int TaskCount, int MaxTasksPerNode, string? JobId, IReadOnlyList<string> JobNodes, IReadOnlyList<string> BookedNodes,
    double TimestampCreated, double TimestampState, double TimestampAttended, int AttendedRetries, string? Why)
{
    public static RequestJson From(RequestSnapshot r) => new(
        r.Id, r.State.ToDisplay(), (int)r.State, r.Resources.Slots, r.Resources.Memory, r.Resources.Expressions,
        r.Resources.TaskCount, r.Resources.MaxTasksPerNode, r.JobId, r.JobNodeIds, r.BookedNodes,
        r.TimestampCreated, r.TimestampState, r.TimestampAttended, r.AttendedRetries, r.Why);
}
