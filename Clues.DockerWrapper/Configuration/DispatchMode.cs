namespace Clues.DockerWrapper.Configuration;

/// <summary>How captured jobs reach the engine (<c>[DOCKER_WRAPPER] MODE</c>, command line <c>--mode</c>).</summary>
public enum DispatchMode
{
    /// <summary>Ask the upstream engine: a Swarm manager (<c>/info</c> Swarm.ControlAvailable) gets Swarm jobs, else containers.</summary>
    Auto,

    /// <summary>Each job becomes a Swarm <c>replicated-job</c> service with one replica and no restart.</summary>
    Swarm,

    /// <summary>Each job is created and started as a plain container on the upstream engine.</summary>
    Container,
}
