namespace Clues.Plugins.Docker.Machines;

/// <summary>Where the plugins learn the docker-machine state of each machine (a seam for tests).</summary>
internal interface IMachineStateSource
{
    /// <summary>Machine name → state (Running, Stopped...).</summary>
    /// <exception cref="Exception">The listing command failed.</exception>
    Task<IReadOnlyDictionary<string, string>> GetStatesAsync(CancellationToken cancellationToken);
}
