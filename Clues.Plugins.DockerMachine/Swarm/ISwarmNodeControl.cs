namespace Clues.Plugins.DockerMachine.Swarm;

/// <summary>The Swarm calls the docker-machine power manager makes around a power action (a seam for tests).</summary>
internal interface ISwarmNodeControl
{
    /// <summary>Sets the availability (<c>active</c>, <c>pause</c>, <c>drain</c>) of the node with this hostname.</summary>
    /// <returns>False when no Swarm node has that hostname.</returns>
    /// <exception cref="Exception">The manager cannot be reached or refuses the update.</exception>
    Task<bool> SetAvailabilityAsync(string node, string availability, CancellationToken cancellationToken);

    /// <summary>How many tasks hold the node (assigned to it and not ended).</summary>
    /// <exception cref="Exception">The manager cannot be reached.</exception>
    Task<int> CountActiveTasksAsync(string node, CancellationToken cancellationToken);
}
