using System.Globalization;
using System.Text;
using System.Text.Json;
using Clues.Core.Model;

namespace Clues.Plugins.Mesos;

/// <summary>
/// CLUES' <c>mesos_vnodes.info</c>: the agents CLUES manages, each reported OFF with its whole capacity free until the
/// master lists it. Two forms are read (FIX, spec clues-plugins §5.2: CLUES 2.3 reads only the first, so its own
/// fixture, in the second, gave no nodes):
/// <list type="bullet">
/// <item>CLUES 2.3's JSON list: <c>[{"name": "wn1", "cpu": 2, "memory": "4Gi", "keywords": "rack=a,disk=ssd"}]</c>;
/// <c>name</c> is required, <c>cpu</c> (or <c>cpus</c>) defaults to <c>MESOS_NODE_SLOTS</c>, <c>memory</c> (CLUES' Mesos
/// units) to <c>MESOS_NODE_MEMORY</c>, <c>keywords</c> are string keywords;</item>
/// <item>the earlier plain text: one node name a line (blank lines and <c>#</c> comments are skipped).</item>
/// </list>
/// </summary>
internal static class MesosVirtualNodes
{
    /// <summary>The <c>hostname</c> keyword every Mesos node carries.</summary>
    public const string HostnameKeyword = "hostname";

    /// <summary>The nodes of the file, in its order, each name once.</summary>
    /// <param name="problems">Receives what was wrong with an entry or a line, naming it; that entry is skipped, the rest kept.</param>
    /// <exception cref="IOException">The file cannot be read, or is not a list at all: without it there are no nodes to report.</exception>
    public static List<NodeInfo> Read(string path, MesosLrmsOptions options, Action<string> problems)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"the virtual-nodes file {path} ({MesosLrmsOptions.VirtualNodesFileKey}) cannot be read: {ex.Message}; it lists the agents CLUES manages", ex);
        }
        var text = Encoding.UTF8.GetString(bytes);
        var nodes = new List<NodeInfo>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(NodeInfo node, int line)
        {
            if (seen.TryAdd(node.Name, line))
            {
                nodes.Add(node);
            }
            else
            {
                problems($"{path} line {line}: node {node.Name} is listed again (first at line {seen[node.Name]}); the first entry is used");
            }
        }
        if (text.TrimStart().StartsWith('['))
        {
            ReadJson(path, bytes, options, Add, problems);
        }
        else
        {
            ReadLines(path, text, options, Add, problems);
        }
        return nodes;
    }

    private static void ReadLines(string path, string text, MesosLrmsOptions options, Action<NodeInfo, int> add, Action<string> problems)
    {
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith('{'))
            {
                throw new IOException($"{path} line {number}: '{Shorten(line)}' looks like JSON, but the file is not a JSON list (it must start with '[')");
            }
            if (!IsNodeName(line))
            {
                problems($"{path} line {number}: '{Shorten(line)}' is not a node name (one name a line: letters, digits, '.', '-', '_', ':'); the line is skipped");
                continue;
            }
            add(OffNode(line, options.NodeSlots, options.NodeMemory, []), number);
        }
    }

    private static void ReadJson(string path, byte[] bytes, MesosLrmsOptions options, Action<NodeInfo, int> add, Action<string> problems)
    {
        // Lines are counted forward as the entries come, so the whole file is scanned once.
        var (line, counted) = (1, 0L);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                for (; counted < reader.TokenStartIndex; counted++)
                {
                    line += bytes[counted] == (byte)'\n' ? 1 : 0;
                }
                var entry = JsonElement.ParseValue(ref reader);
                try
                {
                    add(ToNode(entry, options), line);
                }
                catch (FormatException ex)
                {
                    problems($"{path} line {line}: the entry is skipped: {ex.Message}");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new IOException($"{path} line {(ex.LineNumber ?? 0) + 1}: not a JSON list of nodes: {ex.Message}", ex);
        }
    }

    private static NodeInfo ToNode(JsonElement entry, MesosLrmsOptions options)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"it is {entry.ValueKind}, not an object such as {{\"name\": \"wn1\"}}");
        }
        var name = Text(entry, "name") is { Length: > 0 } n ? n : throw new FormatException("it has no \"name\"");
        if (!IsNodeName(name))
        {
            throw new FormatException($"\"name\" '{Shorten(name)}' is not a node name");
        }
        var cpuText = Text(entry, "cpu") ?? Text(entry, "cpus");
        double cpus = cpuText is null ? options.NodeSlots
            : long.TryParse(cpuText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0 ? c
            : throw new FormatException($"\"cpu\" is '{cpuText}', not a positive integer");
        var memory = options.NodeMemory;
        if (Text(entry, "memory") is { } memoryText && !MesosMemory.TryParse(memoryText, out memory))
        {
            throw new FormatException($"\"memory\" is '{memoryText}', not a size such as 1572864000 (bytes), 2048Mi or 4G");
        }
        var keywords = new List<KeyValuePair<string, KeywordValue>>();
        if (Text(entry, "keywords") is { } pairs)
        {
            foreach (var pair in pairs.Split(','))
            {
                // KEEP: CLUES splits on every '=' and keeps the second part.
                var parts = pair.Split('=');
                if (parts.Length < 2 || parts[0].Trim().Length == 0)
                {
                    throw new FormatException($"\"keywords\" item '{pair}' is not key=value");
                }
                keywords.Add(new(parts[0].Trim(), KeywordValue.FromString(parts[1].Trim())));
            }
        }
        return OffNode(name, cpus, memory, keywords);
    }

    private static NodeInfo OffNode(string name, double slots, double memory, IEnumerable<KeyValuePair<string, KeywordValue>> keywords)
    {
        var all = new Dictionary<string, KeywordValue>(StringComparer.Ordinal) { [HostnameKeyword] = KeywordValue.FromString(name) };
        foreach (var (key, value) in keywords)
        {
            all[key] = value;
        }
        return new NodeInfo(name, slots, slots, memory, memory, all, NodeState.Off);
    }

    /// <summary>A field as text: CLUES' files mix strings (<c>"2"</c>) and numbers (<c>2</c>).</summary>
    private static string? Text(JsonElement entry, string field) => !entry.TryGetProperty(field, out var value) ? null : value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new FormatException($"\"{field}\" is {value.ValueKind}, not a string or a number"),
    };

    private static bool IsNodeName(string name) =>
        name.Length <= 253 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' or ':');

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
