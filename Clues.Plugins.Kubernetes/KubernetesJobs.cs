using System.Globalization;
using System.Text;
using Clues.Core.Model;
using Clues.Plugins.Kubernetes.Api;

namespace Clues.Plugins.Kubernetes;

/// <summary>Turns pods into CLUES jobs: a pending pod is work that waits for a node.</summary>
internal static class KubernetesJobs
{
    /// <summary>
    /// Whether the pod is reported as a job: not in the cluster's own namespaces (CLUES), and not a pod that follows
    /// its node (FIX: CLUES reported DaemonSet pods outside kube-system, and a DaemonSet pod pending for a node that
    /// is down asked CLUES to power on some other node).
    /// </summary>
    public static bool IsJob(KubePod pod) => !PodRoles.InSystemNamespace(pod) && !PodRoles.FollowsNode(pod);

    /// <summary>The pod as a job (spec clues-plugins §2.5), or null when it has no uid.</summary>
    public static JobInfo? ToJobInfo(KubePod pod)
    {
        if (pod.Metadata?.Uid is not { Length: > 0 } uid)
        {
            return null;
        }
        var state = pod.Status?.Phase switch
        {
            "Pending" when string.IsNullOrEmpty(pod.Status.HostIp) => RequestState.Pending,
            "Pending" or "Running" or "Succeeded" or "Failed" => RequestState.Served,
            _ => RequestState.Unknown,
        };
        var requests = PodRoles.Requests(pod);
        var node = pod.Spec?.NodeName;
        IReadOnlyList<string> nodes = string.IsNullOrEmpty(node) ? [] : [node];
        return new JobInfo(new Resources(requests.Cpus, requests.MemoryBytes, [Expression(pod, requests)], taskCount: 1), uid, nodes, state);
    }

    /// <summary>
    /// The requirement CLUES writes for a pod: room for one more pod on a schedulable node, then the bound node,
    /// GPUs, SGX, other extended resources and the node selector's labels, in CLUES' order.
    /// </summary>
    public static string Expression(KubePod pod, PodRequests requests)
    {
        var expression = new StringBuilder("(pods_free > 0) && (schedule == 1)");
        if (pod.Spec?.NodeName is { Length: > 0 } node)
        {
            expression.Append(CultureInfo.InvariantCulture, $" && (nodeName == \"{node}\")");
        }
        AppendAtLeast(expression, KubernetesNodes.NvidiaGpuKeyword, requests.ExtendedOf(PodRequests.NvidiaGpu));
        AppendAtLeast(expression, KubernetesNodes.AmdGpuKeyword, requests.ExtendedOf(PodRequests.AmdGpu));
        AppendAtLeast(expression, KubernetesNodes.SgxKeyword, requests.ExtendedOf(PodRequests.Sgx));
        foreach (var (resource, amount) in requests.Extended.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (resource is not (PodRequests.NvidiaGpu or PodRequests.AmdGpu or PodRequests.Sgx))
            {
                AppendAtLeast(expression, KubernetesNodes.KeywordOf(resource)!, amount);
            }
        }
        foreach (var (key, value) in pod.Spec?.NodeSelector ?? [])
        {
            // FIX: a label such as kubernetes.io/arch or gpu-type is not an identifier of the expression language, so
            // CLUES' term made the whole requirement false and the pod never got a node. Such a term is left out: a
            // node is then chosen by resources, and Kubernetes still places the pod by its selector.
            if (IsIdentifier(key) && !value.Contains('"'))
            {
                expression.Append(CultureInfo.InvariantCulture, $" && ({key} == \"{value}\")");
            }
        }
        return expression.ToString();
    }

    private static void AppendAtLeast(StringBuilder expression, string keyword, double amount)
    {
        if (amount > 0)
        {
            expression.Append(CultureInfo.InvariantCulture, $" && ({keyword} >= {amount})");
        }
    }

    private static bool IsIdentifier(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
