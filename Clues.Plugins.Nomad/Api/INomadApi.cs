namespace Clues.Plugins.Nomad.Api;

/// <summary>The calls the plugin makes to a Nomad agent's HTTP API.</summary>
internal interface INomadApi
{
    /// <summary>Every node with its resources, all pages.</summary>
    Task<IReadOnlyList<NomadNode>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>One node, or null when Nomad does not know it.</summary>
    Task<NomadNode?> GetNodeAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every allocation with its resources, all pages.</summary>
    Task<IReadOnlyList<NomadAllocation>> ListAllocationsAsync(CancellationToken cancellationToken);

    /// <summary>The allocations of one node.</summary>
    Task<IReadOnlyList<NomadAllocation>> ListNodeAllocationsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every job with its task-group summary, all pages.</summary>
    Task<IReadOnlyList<NomadJobStub>> ListJobsAsync(CancellationToken cancellationToken);

    /// <summary>One job, or null when it is gone.</summary>
    Task<NomadJob?> GetJobAsync(string id, string? jobNamespace, CancellationToken cancellationToken);

    /// <summary>Makes a node eligible or ineligible for new allocations.</summary>
    Task SetEligibilityAsync(string id, bool eligible, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a drain marked as CLUES' (<paramref name="drain"/> true, system jobs left alone), or cancels the drain and
    /// makes the node eligible again.
    /// </summary>
    Task SetDrainAsync(string id, bool drain, CancellationToken cancellationToken);
}
