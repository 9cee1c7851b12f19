namespace Clues.DockerWrapper.Jobs;

/// <summary>A captured <c>docker run</c>/<c>docker create</c>, as stored in the job database.</summary>
internal sealed record Job
{
    /// <summary>The 64-hex id the client sees as the container id.</summary>
    public required string Id { get; init; }

    /// <summary>Submission order (database row id); the queue is ordered by it.</summary>
    public long Sequence { get; init; }

    public required JobState State { get; init; }

    /// <summary>The <c>--name</c> the client asked for, or null.</summary>
    public string? Name { get; init; }

    public required string Image { get; init; }

    /// <summary>CPUs requested (NanoCpus, CpuQuota/CpuPeriod or CpuShares/1024).</summary>
    public double Cpus { get; init; }

    /// <summary>Memory requested in bytes (MemoryReservation, else Memory).</summary>
    public long MemoryBytes { get; init; }

    /// <summary>True when the job allocates a terminal (raw output stream instead of multiplexed).</summary>
    public bool Tty { get; init; }

    /// <summary>The create request body as received (JSON), replayed at dispatch.</summary>
    public required string CreateBody { get; init; }

    public required DateTimeOffset Submitted { get; init; }

    /// <summary>How it was dispatched (<c>swarm</c> or <c>container</c>), null before.</summary>
    public string? Backend { get; init; }

    /// <summary>Swarm service id or upstream container id.</summary>
    public string? UpstreamId { get; init; }

    /// <summary>Hostname of the node it runs or ran on.</summary>
    public string? Node { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>The last dispatch or run error, for inspect and the log.</summary>
    public string? Error { get; init; }

    /// <summary>Failed dispatch attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>No dispatch before this time (backoff after a failure).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>True while the job has not reached an end state.</summary>
    public bool IsActive => State is not (JobState.Finished or JobState.Failed or JobState.Cancelled);

    /// <summary>True while it waits for the engine to run it (queued here or pending in Swarm).</summary>
    public bool IsPending => State is JobState.Queued or JobState.Dispatching or JobState.Dispatched;
}
