namespace Clues.Plugins.Kubernetes.Api;

/// <summary>The calls the plugin makes to the Kubernetes API server.</summary>
internal interface IKubernetesApi
{
    /// <summary>Every node, all pages.</summary>
    Task<IReadOnlyList<KubeNode>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>Every pod, all pages; with <paramref name="nodeName"/>, only the pods bound to that node.</summary>
    Task<IReadOnlyList<KubePod>> ListPodsAsync(string? nodeName, CancellationToken cancellationToken);

    /// <summary>One node, or null when the API does not know it.</summary>
    Task<KubeNode?> GetNodeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Cordons (<paramref name="cordon"/> true) or uncordons a node, marking the cordon as CLUES' own.</summary>
    Task SetCordonAsync(string name, bool cordon, CancellationToken cancellationToken);
}
