using System.Globalization;
using System.Text.Json;
using Clues.Core.Config;
using Clues.Core.Model;

namespace Clues.Plugins.Kubernetes;

/// <summary>
/// CLUES' <c>kubernetes_vnodes.info</c>: a JSON list of the nodes that can be powered on while they are not
/// registered, each reported OFF with its whole capacity free (spec clues-plugins §2.5).
/// </summary>
/// <remarks>
/// Entry fields: <c>name</c> (required), <c>cpu</c>, <c>memory</c> (CLUES' memory units), <c>gpu</c> and
/// <c>gpu_vendor</c> (→ <c>&lt;vendor&gt;_gpu</c>), <c>queues</c> (comma list), <c>keywords</c>
/// (<c>k=v,k=v</c> string keywords), <c>sgx</c> (<c>"yes"</c> → 1) and <c>sgx_epc_size</c>.
/// </remarks>
internal static class VirtualNodesFile
{
    /// <summary>The nodes of the file; a file that is absent gives none.</summary>
    /// <param name="problems">Receives what was wrong with the file or an entry; a bad entry is skipped, the rest kept.</param>
    public static List<NodeInfo> Read(string path, KubernetesLrmsOptions options, Action<string> problems)
    {
        var nodes = new List<NodeInfo>();
        if (!File.Exists(path))
        {
            return nodes;
        }
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            problems($"{path}: {ex.Message}");
            return nodes;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems($"{path}: expected a JSON list of nodes, found {document.RootElement.ValueKind}");
                return nodes;
            }
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                try
                {
                    nodes.Add(ToNodeInfo(entry, options));
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    problems($"{path}: entry {index} is skipped: {ex.Message}");
                }
                index++;
            }
        }
        return nodes;
    }

    private static NodeInfo ToNodeInfo(JsonElement entry, KubernetesLrmsOptions options)
    {
        var name = Text(entry, "name") is { Length: > 0 } n ? n : throw new FormatException("it has no \"name\"");
        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
        {
            [KubernetesNodes.PodsFreeKeyword] = KeywordValue.FromNumber(options.NodePods),
            [KubernetesNodes.NodeNameKeyword] = KeywordValue.FromString(name),
            [KubernetesNodes.ScheduleKeyword] = KeywordValue.FromNumber(1),
        };
        double cpus = Text(entry, "cpu") is { } cpu ? Integer(cpu, "cpu") : options.NodeSlots;
        var memory = options.NodeMemory;
        if (Text(entry, "memory") is { } memoryText && !CluesMemory.TryParse(memoryText, out memory))
        {
            throw new FormatException($"\"memory\" is '{memoryText}', not a size such as 1024, 512Mi or 2 GB");
        }
        var vendor = Text(entry, "gpu_vendor")?.ToLowerInvariant() ?? "nvidia";
        if (Text(entry, "gpu") is { } gpu)
        {
            keywords[vendor + "_gpu"] = KeywordValue.FromNumber(Integer(gpu, "gpu"));
        }
        if (Text(entry, "queues") is { } queues)
        {
            keywords["queues"] = KeywordValue.FromList(queues.Split(',').Select(KeywordValue.Parse));
        }
        if (Text(entry, "keywords") is { } pairs)
        {
            foreach (var pair in pairs.Split(','))
            {
                // KEEP: CLUES splits on every '=' and keeps the second part, so "label=1;labe2=2" is label = "1;labe2".
                var parts = pair.Split('=');
                if (parts.Length < 2)
                {
                    throw new FormatException($"\"keywords\" item '{pair}' is not key=value");
                }
                keywords[parts[0].Trim()] = KeywordValue.FromString(parts[1].Trim());
            }
        }
        if (Text(entry, "sgx") is { } sgx)
        {
            keywords[KubernetesNodes.SgxKeyword] = KeywordValue.FromNumber(sgx == "yes" ? 1 : 0);
        }
        if (Text(entry, "sgx_epc_size") is { } epc)
        {
            keywords["sgx_epc_size"] = KeywordValue.FromNumber(Integer(epc, "sgx_epc_size"));
        }
        return new NodeInfo(name, cpus, cpus, memory, memory, keywords, NodeState.Off);
    }

    /// <summary>A field as text: CLUES' files mix strings (<c>"128"</c>) and numbers (<c>2</c>).</summary>
    private static string? Text(JsonElement entry, string field)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty(field, out var value))
        {
            return entry.ValueKind == JsonValueKind.Object ? null : throw new FormatException($"it is {entry.ValueKind}, not an object");
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new FormatException($"\"{field}\" is {value.ValueKind}, not a string or a number"),
        };
    }

    private static long Integer(string text, string field) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"\"{field}\" is '{text}', not an integer");
}
