namespace Clues.Plugins.DockerMachine.Swarm;

/// <summary>Swarm node availabilities (<c>Spec.Availability</c>).</summary>
internal static class SwarmAvailability
{
    /// <summary>Takes new tasks.</summary>
    public const string Active = "active";
    /// <summary>Takes no new task; the running ones keep running.</summary>
    public const string Pause = "pause";
    /// <summary>Takes no new task and has its running tasks stopped and placed elsewhere.</summary>
    public const string Drain = "drain";
}
