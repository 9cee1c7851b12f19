namespace Clues.DockerWrapper.Jobs;

/// <summary>Where a captured job is in its life; stored as its name in the job database.</summary>
internal enum JobState
{
    /// <summary><c>docker create</c> accepted it; nothing runs until <c>start</c>.</summary>
    Created,

    /// <summary>Started by the client and waiting in the wrapper's queue.</summary>
    Queued,

    /// <summary>A dispatch is in flight; after a restart the engine is asked whether it arrived (no double run).</summary>
    Dispatching,

    /// <summary>The engine has it (Swarm service or container) but it is not running yet.</summary>
    Dispatched,

    /// <summary>Running on a node.</summary>
    Running,

    /// <summary>Ended with exit code 0.</summary>
    Finished,

    /// <summary>Ended with a non-zero exit code, or the engine could not run it.</summary>
    Failed,

    /// <summary>Removed by the client before it finished.</summary>
    Cancelled,
}
