using System.Globalization;
using System.Text.Json;
using Clues.Core.Config;
using Clues.Core.Model;

namespace Clues.Plugins.Nomad;

/// <summary>A node of CLUES' <c>nomad_vnodes.info</c>: what it offers while it is off, and its keywords.</summary>
internal sealed record NomadVirtualNode(string Name, double Cpus, double Memory, IReadOnlyDictionary<string, KeywordValue> Keywords);

/// <summary>
/// CLUES' <c>nomad_vnodes.info</c> (<c>NOMAD_NODES_LIST_CLUES</c>): the JSON list of the nodes CLUES manages
/// (spec clues-plugins §2.7). CLUES has no plain-text form of this file for Nomad.
/// </summary>
/// <remarks>
/// Entry fields: <c>name</c> (required), <c>cpu</c> (default <c>NOMAD_DEFAULT_CPUS_PER_NODE</c>), <c>memory</c>
/// (CLUES' memory units, default <c>NOMAD_DEFAULT_MEMORY_PER_NODE</c>), <c>queues</c> (comma list, default every
/// queue of <c>NOMAD_QUEUES</c>) and <c>keywords</c> (<c>k=v,k=v</c> string keywords).
/// </remarks>
internal static class NomadVirtualNodes
{
    public const string QueuesKeyword = "queues";

    /// <summary>The nodes of the file in its order, or null when there is no file.</summary>
    /// <param name="problems">Receives what was wrong with an entry; a bad entry is skipped, the rest kept.</param>
    /// <exception cref="FormatException">The file exists but cannot be read as a JSON list (the message names it).</exception>
    public static List<NomadVirtualNode>? Read(string path, NomadLrmsOptions options, Action<string> problems)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // FIX: CLUES logged this and reported no node at all, so every node turned UNKNOWN.
            throw new FormatException($"the virtual-nodes file {path} ({NomadLrmsOptions.VirtualNodesFileKey}) cannot be read as JSON: {ex.Message}", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"the virtual-nodes file {path} ({NomadLrmsOptions.VirtualNodesFileKey}) is a JSON {document.RootElement.ValueKind}, not a list of nodes");
            }
            var nodes = new List<NomadVirtualNode>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                try
                {
                    var node = ToNode(entry, options);
                    if (!names.Add(node.Name))
                    {
                        throw new FormatException($"\"{node.Name}\" is already listed");
                    }
                    nodes.Add(node);
                }
                catch (FormatException ex)
                {
                    problems($"{path}: entry {index} is skipped: {ex.Message}");
                }
                index++;
            }
            return nodes;
        }
    }

    /// <summary>The entry CLUES would make for a node with no line in the file: the defaults, every queue.</summary>
    public static NomadVirtualNode Default(string name, NomadLrmsOptions options) =>
        new(name, options.DefaultCpus, options.DefaultMemory, new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
        {
            [QueuesKeyword] = Queues(options.Queues),
        });

    public static KeywordValue Queues(IEnumerable<string> queues) => KeywordValue.FromList(queues.Select(KeywordValue.Parse));

    private static NomadVirtualNode ToNode(JsonElement entry, NomadLrmsOptions options)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"it is a JSON {entry.ValueKind}, not an object");
        }
        var name = Field(entry, "name") is { Length: > 0 } n ? n : throw new FormatException("it has no \"name\"");
        var cpus = options.DefaultCpus;
        if (Field(entry, "cpu") is { } cpu)
        {
            // CLUES: int(cpu).
            cpus = long.TryParse(cpu, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) && whole >= 0
                ? whole
                : throw new FormatException($"\"cpu\" is '{cpu}', not a whole number of CPUs");
        }
        var memory = options.DefaultMemory;
        if (Field(entry, "memory") is { } memoryText && !CluesMemory.TryParse(memoryText, out memory))
        {
            throw new FormatException($"\"memory\" is '{memoryText}', not a size such as 8Gi, 512M or 1073741824");
        }
        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal);
        if (Field(entry, "keywords") is { } pairs)
        {
            foreach (var pair in pairs.Split(','))
            {
                // KEEP: CLUES keeps the text between the first and the second '='.
                var parts = pair.Split('=');
                keywords[parts.Length >= 2 && parts[0].Trim().Length > 0 ? parts[0].Trim() : throw new FormatException($"\"keywords\" item '{pair}' is not key=value")]
                    = KeywordValue.FromString(parts[1].Trim());
            }
        }
        keywords[QueuesKeyword] = Field(entry, "queues") is { } queues ? Queues(queues.Split(',')) : Queues(options.Queues);
        return new NomadVirtualNode(name, cpus, memory, keywords);
    }

    /// <summary>A field as text: CLUES' files mix strings (<c>"2"</c>) and numbers (<c>2</c>).</summary>
    private static string? Field(JsonElement entry, string field) =>
        !entry.TryGetProperty(field, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new FormatException($"\"{field}\" is a JSON {value.ValueKind}, not a string or a number"),
        };
}
