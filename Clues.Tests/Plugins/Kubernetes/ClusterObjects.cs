using System.Text.Json.Nodes;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>
/// Nodes and pods shaped as in the Kubernetes API reference (core/v1 Node and Pod), with only the fields that
/// matter to CLUES filled in.
/// </summary>
internal static class ClusterObjects
{
    public static JsonObject Node(string name, string cpu = "4", string memory = "8Gi", bool ready = true, string pods = "110",
        JsonObject? extraAllocatable = null, JsonObject? labels = null)
    {
        var allocatable = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = pods, ["ephemeral-storage"] = "50Gi" };
        foreach (var (key, value) in extraAllocatable ?? [])
        {
            allocatable[key] = value?.DeepClone();
        }
        var node = new JsonObject
        {
            ["kind"] = "Node",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = Guid.NewGuid().ToString(),
                ["labels"] = labels ?? new JsonObject { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" },
            },
            ["spec"] = new JsonObject { ["podCIDR"] = "10.244.1.0/24" },
            ["status"] = new JsonObject
            {
                ["capacity"] = allocatable.DeepClone(),
                ["allocatable"] = allocatable,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "MemoryPressure", ["status"] = "False" }),
            },
        };
        SetReady(node, ready);
        return node;
    }

    /// <summary>What the node controller does when a kubelet starts or stops answering: the Ready condition and its taints.</summary>
    public static void SetReady(JsonObject node, bool ready)
    {
        var conditions = node["status"]!["conditions"]!.AsArray();
        foreach (var old in conditions.Where(c => c!["type"]!.GetValue<string>() == "Ready").ToList())
        {
            conditions.Remove(old);
        }
        conditions.Add(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "Unknown", ["reason"] = ready ? "KubeletReady" : "NodeStatusUnknown" });
        var spec = node["spec"]!.AsObject();
        var taints = new JsonArray((spec["taints"]?.AsArray() ?? []).Where(t => !t!["key"]!.GetValue<string>().StartsWith("node.kubernetes.io/un", StringComparison.Ordinal)
            || t["key"]!.GetValue<string>() == "node.kubernetes.io/unschedulable").Select(t => t!.DeepClone()).ToArray());
        if (!ready)
        {
            taints.Add(new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["effect"] = "NoSchedule" });
            taints.Add(new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["effect"] = "NoExecute" });
        }
        spec["taints"] = taints;
    }

    public static JsonObject Pod(string name, string? node, string phase = "Running", string? cpu = "500m", string? memory = "256Mi",
        string ns = "default", string? ownerKind = "ReplicaSet", JsonObject? extraRequests = null, JsonObject? nodeSelector = null,
        JsonObject? annotations = null)
    {
        var requests = new JsonObject();
        if (cpu is not null)
        {
            requests["cpu"] = cpu;
        }
        if (memory is not null)
        {
            requests["memory"] = memory;
        }
        foreach (var (key, value) in extraRequests ?? [])
        {
            requests[key] = value?.DeepClone();
        }
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = "uid-" + name };
        if (ownerKind is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = ownerKind, ["name"] = name + "-owner", ["controller"] = true });
        }
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox", ["resources"] = new JsonObject { ["requests"] = requests } }),
        };
        if (node is not null)
        {
            spec["nodeName"] = node;
        }
        if (nodeSelector is not null)
        {
            spec["nodeSelector"] = nodeSelector;
        }
        var status = new JsonObject { ["phase"] = phase };
        if (node is not null && phase != "Pending")
        {
            status["hostIP"] = "10.0.0.1";
        }
        return new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["metadata"] = metadata, ["spec"] = spec, ["status"] = status };
    }

    public static string List(string kind, params JsonObject[] items) =>
        new JsonObject { ["kind"] = kind, ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["items"] = new JsonArray(items) }.ToJsonString();
}
