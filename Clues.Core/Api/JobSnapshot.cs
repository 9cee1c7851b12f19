using Clues.Core.Model;

namespace Clues.Core.Api;

/// <summary>The LRMS job a request was made for, as the latest job monitoring pass saw it.</summary>
public sealed record JobSnapshot
{
    /// <summary>The LRMS job id (the request's <see cref="RequestSnapshot.JobId"/>).</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The job's state in the LRMS's words (<see cref="JobInfo.LrmsState"/>), else CLUES' name of the job's state
    /// (<c>pending</c>, <c>attended</c>, <c>dissapeared</c> once the LRMS stopped reporting it).
    /// </summary>
    public required string State { get; init; }

    /// <summary>The nodes the job runs or ran on, as the LRMS reports them.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The job's state and where it runs, for one line of text: <c>running on worker-01</c>.</summary>
    public string Describe() => Nodes.Count == 0 ? State : $"{State} on {string.Join(',', Nodes)}";
}
