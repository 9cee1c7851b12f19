namespace Clues.Plugins.Docker.Wrapper;

/// <summary>The <c>Status</c> values of the docker-wrapper's job list.</summary>
internal static class WrapperJobStatus
{
    /// <summary>Waiting: queued in the wrapper or pending in Swarm.</summary>
    public const string Pending = "pending";
    /// <summary>Running on a node.</summary>
    public const string Attended = "attended";
    /// <summary>Ended with exit code 0.</summary>
    public const string Finished = "finished";
    /// <summary>Ended with an error.</summary>
    public const string Failed = "failed";
    /// <summary>Removed by the user before it ended.</summary>
    public const string Cancelled = "cancelled";
}
