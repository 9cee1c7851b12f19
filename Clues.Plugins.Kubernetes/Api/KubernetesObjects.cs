using System.Text.Json.Serialization;

namespace Clues.Plugins.Kubernetes.Api;

// The few fields of the Kubernetes core/v1 objects the plugin reads (https://kubernetes.io/docs/reference/kubernetes-api/).
// Everything is optional: a field the server leaves out reads as empty, and unknown fields are skipped.

/// <summary>A <c>NodeList</c> or <c>PodList</c> page.</summary>
internal sealed class KubeList<T>
{
    public ListMeta? Metadata { get; init; }
    public List<T>? Items { get; init; }
}

internal sealed class ListMeta
{
    /// <summary>The token for the next page; empty on the last one.</summary>
    public string? Continue { get; init; }
}

internal sealed class ObjectMeta
{
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public string? Uid { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public List<OwnerReference>? OwnerReferences { get; init; }
}

internal sealed class OwnerReference
{
    public string? Kind { get; init; }
    public string? Name { get; init; }
}

internal sealed class KubeNode
{
    public ObjectMeta? Metadata { get; init; }
    public NodeSpec? Spec { get; init; }
    public NodeStatus? Status { get; init; }
}

internal sealed class NodeSpec
{
    /// <summary>Set by <c>kubectl cordon</c>.</summary>
    public bool? Unschedulable { get; init; }
    public List<Taint>? Taints { get; init; }
}

internal sealed class Taint
{
    public string? Key { get; init; }
    public string? Effect { get; init; }
}

internal sealed class NodeStatus
{
    public Dictionary<string, Quantity>? Allocatable { get; init; }
    public List<NodeCondition>? Conditions { get; init; }
}

internal sealed class NodeCondition
{
    public string? Type { get; init; }
    public string? Status { get; init; }
}

internal sealed class KubePod
{
    public ObjectMeta? Metadata { get; init; }
    public PodSpec? Spec { get; init; }
    public PodStatus? Status { get; init; }
}

internal sealed class PodSpec
{
    public string? NodeName { get; init; }
    public Dictionary<string, string>? NodeSelector { get; init; }
    public List<Container>? Containers { get; init; }
}

internal sealed class Container
{
    public ResourceRequirements? Resources { get; init; }
}

internal sealed class ResourceRequirements
{
    public Dictionary<string, Quantity>? Requests { get; init; }
}

internal sealed class PodStatus
{
    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public string? Phase { get; init; }
    [JsonPropertyName("hostIP")]
    public string? HostIp { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(KubeList<KubeNode>))]
[JsonSerializable(typeof(KubeList<KubePod>))]
[JsonSerializable(typeof(KubeNode))]
internal sealed partial class KubernetesJson : JsonSerializerContext;
