using Docker.DotNet.Models;

namespace Clues.Plugins.Docker.Swarm;

/// <summary>The read side of the Swarm manager API the Docker LRMS plugin needs (a seam for tests).</summary>
internal interface ISwarmApi
{
    /// <summary><c>GET /nodes</c>: every node of the Swarm, managers included.</summary>
    /// <exception cref="Exception">The manager cannot be reached or answers an error.</exception>
    Task<IList<NodeListResponse>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /tasks</c>: every task the manager still knows.</summary>
    /// <exception cref="Exception">The manager cannot be reached or answers an error.</exception>
    Task<IList<TaskResponse>> ListTasksAsync(CancellationToken cancellationToken);
}
