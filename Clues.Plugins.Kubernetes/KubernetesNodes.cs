using System.Text;
using Clues.Core.Model;
using Clues.Plugins.Kubernetes.Api;

namespace Clues.Plugins.Kubernetes;

/// <summary>Turns a Kubernetes node and the pods bound to it into CLUES' view of the node.</summary>
internal static class KubernetesNodes
{
    public const string PodsFreeKeyword = "pods_free";
    public const string NodeNameKeyword = "nodeName";
    public const string ScheduleKeyword = "schedule";
    public const string NvidiaGpuKeyword = "nvidia_gpu";
    public const string AmdGpuKeyword = "amd_gpu";
    public const string SgxKeyword = "sgx";

    // Taints the node controller puts on a node that is down. A powered-off node carries them, and it is exactly
    // the node CLUES may power on, so they do not make it unschedulable for CLUES (CLUES read them as schedule=0
    // and never chose a registered node that was off).
    private static readonly HashSet<string> NodeConditionTaints = new(StringComparer.Ordinal)
    {
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    };

    private const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    /// <summary>A control-plane node, which CLUES never manages.</summary>
    public static bool IsControlPlane(KubeNode node) =>
        node.Metadata?.Labels is { } labels
        && (labels.ContainsKey("node-role.kubernetes.io/master") || labels.ContainsKey("node-role.kubernetes.io/control-plane"));

    /// <summary>Whether the node is cordoned by CLUES (before a power-off), rather than by an administrator.</summary>
    public static bool IsCordonedByClues(KubeNode node) =>
        node.Spec?.Unschedulable == true && node.Metadata?.Annotations?.ContainsKey(KubernetesApiClient.CordonAnnotation) == true;

    /// <summary>The node's <c>Ready</c> condition is not false (CLUES: a node without the condition counts as ready).</summary>
    public static bool IsReady(KubeNode node) =>
        node.Status?.Conditions?.Where(c => c.Type == "Ready").All(c => c.Status == "True") ?? true;

    /// <summary>
    /// The node as CLUES sees it (spec clues-plugins §2.5): totals from <c>allocatable</c>, free = totals minus the
    /// requests of its active pods; IDLE/USED when ready (USED with a pod other than the cluster's own), else OFF.
    /// </summary>
    public static NodeInfo ToNodeInfo(KubeNode node, IReadOnlyList<KubePod> pods)
    {
        var name = node.Metadata?.Name ?? throw new FormatException("a node has no metadata.name");
        var allocatable = node.Status?.Allocatable ?? new Dictionary<string, Quantity>();
        var memory = allocatable.GetValueOrDefault(PodRequests.Memory).Value;
        var cpus = allocatable.GetValueOrDefault(PodRequests.Cpu).Value;
        var podCapacity = allocatable.GetValueOrDefault("pods").Value;

        var used = new PodRequests();
        var usedPods = 0;
        var busy = false;
        foreach (var pod in pods)
        {
            if (!PodRoles.IsActive(pod))
            {
                continue;
            }
            usedPods++;
            used.Add(PodRoles.Requests(pod));
            busy |= !PodRoles.IsSystem(pod);
        }

        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
        {
            [PodsFreeKeyword] = KeywordValue.FromNumber(podCapacity - usedPods),
            [NodeNameKeyword] = KeywordValue.FromString(name),
            [ScheduleKeyword] = KeywordValue.FromNumber(IsSchedulable(node) ? 1 : 0),
        };
        // CLUES reads NVIDIA GPUs, else AMD ones; a node with both reports the NVIDIA ones.
        if (allocatable.ContainsKey(PodRequests.NvidiaGpu))
        {
            AddIfNonZero(keywords, NvidiaGpuKeyword, allocatable[PodRequests.NvidiaGpu].Value - used.ExtendedOf(PodRequests.NvidiaGpu));
        }
        else if (allocatable.ContainsKey(PodRequests.AmdGpu))
        {
            AddIfNonZero(keywords, AmdGpuKeyword, allocatable[PodRequests.AmdGpu].Value - used.ExtendedOf(PodRequests.AmdGpu));
        }
        if (allocatable.GetValueOrDefault(PodRequests.Sgx).Value - used.ExtendedOf(PodRequests.Sgx) > 0)
        {
            keywords[SgxKeyword] = KeywordValue.FromNumber(1);
        }
        foreach (var (resource, total) in allocatable)
        {
            if (PodRequests.IsExtended(resource) && KeywordOf(resource) is { } keyword && !keywords.ContainsKey(keyword))
            {
                AddIfNonZero(keywords, keyword, total.Value - used.ExtendedOf(resource));
            }
        }
        foreach (var (key, value) in node.Metadata?.Labels ?? [])
        {
            keywords[key] = KeywordValue.FromString(value);
        }

        var state = !IsReady(node) ? NodeState.Off : busy ? NodeState.Used : NodeState.Idle;
        return new NodeInfo(name, cpus, cpus - used.Cpus, memory, memory - used.MemoryBytes, keywords, state);
    }

    /// <summary>
    /// The keyword for an extended resource other than CLUES' three: the name with every character an expression
    /// identifier cannot hold turned into <c>_</c> (<c>example.com/fpga</c> → <c>example_com_fpga</c>).
    /// </summary>
    public static string? KeywordOf(string resource)
    {
        switch (resource)
        {
            case PodRequests.NvidiaGpu:
                return NvidiaGpuKeyword;
            case PodRequests.AmdGpu:
                return AmdGpuKeyword;
            case PodRequests.Sgx:
                return SgxKeyword;
        }
        var name = new StringBuilder(resource.Length + 1);
        if (resource.Length == 0 || char.IsAsciiDigit(resource[0]))
        {
            name.Append('_');
        }
        foreach (var c in resource)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return name.ToString();
    }

    /// <summary>
    /// Whether new pods can land: not cordoned, no NoSchedule/NoExecute taint. CLUES' own cordon and the taints of a
    /// node that is down do not count: powering the node on lifts them.
    /// </summary>
    private static bool IsSchedulable(KubeNode node)
    {
        var ours = IsCordonedByClues(node);
        if (node.Spec?.Unschedulable == true && !ours)
        {
            return false;
        }
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            var liftedByPowerOn = taint.Key is not null && (NodeConditionTaints.Contains(taint.Key) || (ours && taint.Key == UnschedulableTaint));
            if (taint.Effect is "NoSchedule" or "NoExecute" && !liftedByPowerOn)
            {
                return false;
            }
        }
        return true;
    }

    private static void AddIfNonZero(Dictionary<string, KeywordValue> keywords, string keyword, double free)
    {
        if (free != 0)
        {
            keywords[keyword] = KeywordValue.FromNumber(free);
        }
    }
}
