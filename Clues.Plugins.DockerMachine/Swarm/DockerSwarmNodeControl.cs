using System.Net;
using Clues.Plugins.Docker.Swarm;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clues.Plugins.DockerMachine.Swarm;

/// <summary><see cref="ISwarmNodeControl"/> over Docker.DotNet against the Swarm manager.</summary>
internal sealed class DockerSwarmNodeControl(IDockerClient client) : ISwarmNodeControl
{
    // A node update carries the version read; a concurrent change makes it fail ("update out of sequence"):
    // read again and retry a few times.
    private const int UpdateAttempts = 3;

    public async Task<bool> SetAvailabilityAsync(string node, string availability, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entries = await FindAsync(node, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                return false;
            }
            var current = entries[0];
            if (string.Equals(current.Spec?.Availability, availability, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            var spec = new NodeUpdateParameters
            {
                Name = current.Spec?.Name,
                Labels = current.Spec?.Labels ?? new Dictionary<string, string>(),
                Role = current.Spec?.Role,
                Availability = availability,
            };
            try
            {
                await client.Swarm.UpdateNodeAsync(current.ID, current.Version?.Index ?? 0, spec, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DockerApiException ex) when (attempt < UpdateAttempts && ex.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.Conflict)
            {
                // Stale version: loop and re-read.
            }
        }
    }

    public async Task<int> CountActiveTasksAsync(string node, CancellationToken cancellationToken)
    {
        var entries = await FindAsync(node, cancellationToken).ConfigureAwait(false);
        var count = 0;
        foreach (var entry in entries)
        {
            var filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["node"] = new Dictionary<string, bool> { [entry.ID] = true },
            };
            var tasks = await client.Tasks.ListAsync(new TasksListParameters { Filters = filters }, cancellationToken).ConfigureAwait(false);
            count += tasks.Count(SwarmTasks.IsActive);
        }
        return count;
    }

    /// <summary>The Swarm entries with this hostname, the one to act on first (ready, else newest).</summary>
    private async Task<List<NodeListResponse>> FindAsync(string node, CancellationToken cancellationToken)
    {
        var nodes = await client.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        return nodes
            .Where(n => string.Equals(SwarmTasks.NameOf(n), node, StringComparison.Ordinal))
            .OrderByDescending(SwarmTasks.IsReady)
            .ThenByDescending(n => n.UpdatedAt)
            .ToList();
    }
}
