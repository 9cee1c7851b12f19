namespace Clues.DockerWrapper.Dispatch;

/// <summary>Names of the dispatch backends as stored with each job.</summary>
internal static class JobBackends
{
    /// <summary>A Swarm replicated-job service.</summary>
    public const string Swarm = "swarm";

    /// <summary>A plain container on the upstream engine.</summary>
    public const string Container = "container";
}
