using Clues.Plugins.Kubernetes.Api;

namespace Clues.Plugins.Kubernetes;

/// <summary>What a pod means to CLUES: does it hold its node, is it work that waits, is it the cluster's own.</summary>
internal static class PodRoles
{
    private const string MirrorAnnotation = "kubernetes.io/config.mirror";

    /// <summary>A pod that has not finished: it holds resources on its node.</summary>
    public static bool IsActive(KubePod pod) => pod.Status?.Phase is not ("Succeeded" or "Failed");

    /// <summary>In a namespace CLUES treats as the cluster's own (<c>kube-system</c>, <c>kube-flannel</c>).</summary>
    public static bool InSystemNamespace(KubePod pod) => pod.Metadata?.Namespace is "kube-system" or "kube-flannel";

    /// <summary>
    /// A pod that exists because the node exists: a DaemonSet's (any owner reference, not only the first as in
    /// CLUES) or a mirror of a kubelet static pod. Such pods follow the node and never keep it on (grycap/clues#114,
    /// as the Cluster Autoscaler does).
    /// </summary>
    public static bool FollowsNode(KubePod pod) =>
        pod.Metadata?.OwnerReferences?.Exists(o => o.Kind == "DaemonSet") == true
        || pod.Metadata?.Annotations?.ContainsKey(MirrorAnnotation) == true;

    /// <summary>A pod that does not make its node busy (CLUES' "system pods", plus mirror pods).</summary>
    public static bool IsSystem(KubePod pod) => InSystemNamespace(pod) || FollowsNode(pod);

    /// <summary>A pod that would be lost if its node were powered off: active and not one that follows the node.</summary>
    public static bool BlocksPowerOff(KubePod pod) => IsActive(pod) && !FollowsNode(pod);

    /// <summary>The sum of the pod's container requests (what it needs from a node).</summary>
    public static PodRequests Requests(KubePod pod)
    {
        var total = new PodRequests();
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            if (container.Resources?.Requests is { } requests)
            {
                total.Add(requests);
            }
        }
        return total;
    }
}

/// <summary>Requests summed over a pod's containers, or usage summed over a node's pods.</summary>
internal sealed class PodRequests
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string NvidiaGpu = "nvidia.com/gpu";
    public const string AmdGpu = "amd.com/gpu";
    public const string Sgx = "sgx.k8s.io/sgx";

    private readonly Dictionary<string, double> _extended = new(StringComparer.Ordinal);

    public double Cpus { get; private set; }
    public double MemoryBytes { get; private set; }

    /// <summary>Extended resources (<c>vendor.example/thing</c>), GPUs and SGX included.</summary>
    public IReadOnlyDictionary<string, double> Extended => _extended;

    public double ExtendedOf(string resource) => _extended.GetValueOrDefault(resource);

    public void Add(IReadOnlyDictionary<string, Quantity> requests)
    {
        foreach (var (name, quantity) in requests)
        {
            if (name == Cpu)
            {
                Cpus += quantity.Value;
            }
            else if (name == Memory)
            {
                MemoryBytes += quantity.Value;
            }
            else if (IsExtended(name))
            {
                _extended[name] = _extended.GetValueOrDefault(name) + quantity.Value;
            }
        }
    }

    public void Add(PodRequests other)
    {
        Cpus += other.Cpus;
        MemoryBytes += other.MemoryBytes;
        foreach (var (name, value) in other._extended)
        {
            _extended[name] = _extended.GetValueOrDefault(name) + value;
        }
    }

    /// <summary>
    /// An extended resource: a domain-prefixed name outside Kubernetes' own (<c>kubernetes.io/…</c>,
    /// <c>hugepages-…</c>, <c>ephemeral-storage</c>, <c>pods</c>, <c>attachable-volumes-…</c> have no prefix or are its own).
    /// </summary>
    public static bool IsExtended(string name) =>
        name.Contains('/') && !name.StartsWith("kubernetes.io/", StringComparison.Ordinal) && !name.Contains(".kubernetes.io/", StringComparison.Ordinal);
}
