using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clues.Plugins.Docker.Swarm;

/// <summary><see cref="ISwarmApi"/> over Docker.DotNet.</summary>
internal sealed class DockerSwarmApi(IDockerClient client) : ISwarmApi
{
    public Task<IList<NodeListResponse>> ListNodesAsync(CancellationToken cancellationToken) =>
        client.Swarm.ListNodesAsync(cancellationToken);

    public Task<IList<TaskResponse>> ListTasksAsync(CancellationToken cancellationToken) =>
        client.Tasks.ListAsync(cancellationToken);
}
