using Docker.DotNet;

namespace Clues.Plugins.Docker.Swarm;

/// <summary>Builds the Docker.DotNet client of the Swarm manager.</summary>
internal static class SwarmClientFactory
{
    /// <summary>
    /// A client for <paramref name="endpoint"/> (for example <c>unix:///tmp/clues-lab/manager/docker.sock</c> or
    /// <c>tcp://10.0.0.1:2375</c>); empty means Docker.DotNet's own resolution (<c>DOCKER_HOST</c>, then the local
    /// socket).
    /// </summary>
    /// <exception cref="UriFormatException">The endpoint is not a URI.</exception>
    public static DockerClient Create(string endpoint)
    {
        var builder = new DockerClientBuilder();
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            builder = builder.WithEndpoint(new Uri(endpoint));
        }
        return builder.Build();
    }
}
