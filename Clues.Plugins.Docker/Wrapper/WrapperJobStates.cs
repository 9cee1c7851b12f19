namespace Clues.Plugins.Docker.Wrapper;

/// <summary>
/// A wrapper job's own state as CLUES shows it next to the request made for the job: <c>queued</c>,
/// <c>dispatched</c>, <c>running</c>, <c>done</c>, <c>failed</c> or <c>cancelled</c>.
/// </summary>
internal static class WrapperJobStates
{
    /// <summary>Waiting in the wrapper's queue.</summary>
    public const string Queued = "queued";
    /// <summary>Sent to the engine (a Swarm service whose task is not running yet).</summary>
    public const string Dispatched = "dispatched";
    /// <summary>Running on a node.</summary>
    public const string Running = "running";
    /// <summary>Ended with exit code 0.</summary>
    public const string Done = "done";
    /// <summary>Ended with a non-zero exit code, or the engine could not run it.</summary>
    public const string Failed = "failed";
    /// <summary>Removed by the user before it ended.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>
    /// The state of <paramref name="job"/>: from its <c>State</c> field, or from <c>Status</c> when the wrapper does not
    /// send one (then a waiting job is just <c>pending</c>, queued or dispatched alike).
    /// </summary>
    public static string Describe(WrapperJob job) => job.State switch
    {
        "queued" => Queued,
        "dispatching" or "dispatched" => Dispatched,
        "running" => Running,
        "finished" => Done,
        "failed" => Failed,
        "cancelled" => Cancelled,
        _ => job.Status switch
        {
            WrapperJobStatus.Attended => Running,
            WrapperJobStatus.Finished => Done,
            _ => job.Status,
        },
    };
}
