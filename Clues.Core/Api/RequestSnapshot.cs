using Clues.Core.Model;

namespace Clues.Core.Api;

/// <summary>A queued request at one moment.</summary>
public sealed record RequestSnapshot
{
    public required long Id { get; init; }
    public required Resources Resources { get; init; }
    public RequestState State { get; init; }
    public double TimestampCreated { get; init; }
    public double TimestampState { get; init; }
    public double TimestampAttended { get; init; }
    public int AttendedRetries { get; init; }
    public string? JobId { get; init; }
    public IReadOnlyList<string> JobNodeIds { get; init; } = [];
    /// <summary>The nodes booked for it (one entry per task), if any.</summary>
    public IReadOnlyList<string> BookedNodes { get; init; } = [];
    /// <summary>
    /// The LRMS job the request was made for (<see cref="JobId"/>) while job monitoring knows it; null for a request
    /// without a job id or whose job the LRMS has not reported.
    /// </summary>
    public JobSnapshot? Job { get; init; }
    /// <summary>Why it is still waiting, when it is; null otherwise.</summary>
    public string? Why { get; init; }
}
