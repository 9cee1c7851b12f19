using Clues.DockerWrapper.Jobs;

namespace Clues.DockerWrapper.Dispatch;

/// <summary>Hands jobs to the engine and reads back how they fare.</summary>
internal interface IDispatchBackend
{
    /// <summary>The name stored with each job (<see cref="JobBackends"/>).</summary>
    string Name { get; }

    /// <summary>
    /// Submits a job and returns the upstream id (service or container). Idempotent: the upstream object is
    /// named after the job, so a retry after a crash finds the first one instead of running the job twice.
    /// </summary>
    /// <exception cref="DispatchException">The engine refused or could not be reached; retried with backoff.</exception>
    Task<(string UpstreamId, JobState State)> DispatchAsync(Job job, CancellationToken ct);

    /// <summary>Reads the engine's view of dispatched jobs; returns the jobs whose state changed.</summary>
    Task<IReadOnlyList<Job>> RefreshAsync(IReadOnlyList<Job> dispatched, CancellationToken ct);

    /// <summary>True when <paramref name="next"/> may be dispatched now, given the jobs dispatched and not ended.</summary>
    Task<bool> HasRoomAsync(Job next, IReadOnlyList<Job> inFlight, CancellationToken ct);

    /// <summary>Removes what the job left upstream when it is forgotten (service, auto-remove container).</summary>
    Task CleanupAsync(Job job, CancellationToken ct);
}
