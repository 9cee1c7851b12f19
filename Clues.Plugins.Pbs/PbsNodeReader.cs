using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Clues.Core.Model;

namespace Clues.Plugins.Pbs;

/// <summary>One <c>&lt;Node&gt;</c> of <c>pbsnodes -x</c>, read.</summary>
/// <param name="Name">The node name.</param>
/// <param name="States">The raw state list (<c>down,offline</c>).</param>
/// <param name="UsedSlots">The slots jobs hold (from <c>&lt;jobs&gt;</c>).</param>
/// <param name="Note">The node's note, or null.</param>
/// <param name="Info">The report for CLUES.</param>
internal sealed record PbsNode(string Name, string States, int UsedSlots, string? Note, NodeInfo Info);

/// <summary>Turns <c>pbsnodes -x</c> into CLUES node reports.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>Slots (KEEP): <c>&lt;np&gt;</c>, 1 when absent or negative. Used slots: the cores listed in
/// <c>&lt;jobs&gt;</c>, <c>0/12.srv,1/13.srv</c> (Torque 2) or <c>0-3/12.srv,4/13.srv</c> (Torque 4 and later) (FIX:
/// CLUES counted comma entries, so a 4-core range counted 1).</item>
/// <item>Memory in bytes (KEEP): <c>totmem</c> total, <c>availmem</c> free, from <c>&lt;status&gt;</c>; one stands for
/// the other when missing; -1 (unknown) when both are.</item>
/// <item>State: <see cref="PbsNodeState"/>; IDLE with a used slot becomes USED (grycap/clues#97).</item>
/// <item>Keywords: every <c>k=v</c> of <c>&lt;status&gt;</c> (numbers, with kb...pb suffixes, as numbers; anything
/// else as a string: FIX, CLUES kept the quotes in the value, so <c>opsys=="linux"</c> never matched), then
/// <c>hostname</c>, <c>ppn</c> (the slots), <c>queues</c> and <c>properties</c> (lists of strings, FIX likewise).</item>
/// </list>
/// </remarks>
internal static partial class PbsNodeReader
{
    /// <summary>The nodes, in Torque's order.</summary>
    /// <exception cref="PbsFormatException">The XML is malformed, a node lacks a name or repeats one, or a field has a bad value.</exception>
    public static IReadOnlyList<PbsNode> Read(string output, string commandLine, PbsQueues queues, Action<string, string>? unknownState = null)
    {
        if (output.Trim().Length == 0)
        {
            throw new PbsFormatException(commandLine, 0, "it printed nothing (expected <Data><Node>...)");
        }
        var root = PbsXml.Load(output, commandLine);
        var nodes = new List<PbsNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Elements("Node"))
        {
            var node = ReadNode(element, commandLine, queues, unknownState);
            if (!names.Add(node.Name))
            {
                throw new PbsFormatException(commandLine, PbsXml.LineOf(element), $"node {node.Name} is listed twice");
            }
            nodes.Add(node);
        }
        if (nodes.Count == 0 && root.Name != "Data")
        {
            throw new PbsFormatException(commandLine, PbsXml.LineOf(root), $"<{root.Name}> is not pbsnodes' <Data> list");
        }
        return nodes;
    }

    private static PbsNode ReadNode(XElement element, string commandLine, PbsQueues queues, Action<string, string>? unknownState)
    {
        var line = PbsXml.LineOf(element);
        var name = PbsXml.Child(element, "name") ?? throw new PbsFormatException(commandLine, line, "a <Node> has no <name>");
        PbsFormatException Error(string problem) => new(commandLine, line, $"node {name}: {problem}");

        var states = PbsXml.Child(element, "state") ?? throw Error("no <state>");
        var slots = 1;
        if (PbsXml.Child(element, "np") is { } np)
        {
            slots = int.TryParse(np, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? Math.Max(value, 1)
                : throw Error($"<np>{np}</np> is not a whole number");
        }
        var used = UsedSlots(PbsXml.Child(element, "jobs"), Error);
        var status = Status(PbsXml.Child(element, "status"));
        var properties = (PbsXml.Child(element, "properties") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var total = Size(status, "totmem", Error);
        var free = Size(status, "availmem", Error);
        total ??= free;
        free ??= total;

        var state = PbsNodeState.ToClues(states, s => unknownState?.Invoke(name, s));
        if (state == NodeState.Idle && used > 0)
        {
            state = NodeState.Used;
        }

        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal);
        foreach (var (key, value) in status)
        {
            keywords[key] = Keyword(value);
        }
        keywords["hostname"] = KeywordValue.FromString(name);
        keywords["ppn"] = KeywordValue.FromNumber(slots);
        keywords["queues"] = KeywordValue.FromList(queues.Of(properties).Select(KeywordValue.FromString));
        keywords["properties"] = KeywordValue.FromList(properties.Select(KeywordValue.FromString));

        var info = new NodeInfo(name, slots, Math.Max(0, slots - used), total ?? -1, free ?? -1, keywords, state);
        return new PbsNode(name, states, used, PbsXml.Child(element, "note"), info);
    }

    /// <summary>The cores listed in <c>&lt;jobs&gt;</c>: comma-separated <c>cores/jobid</c> entries, where cores is
    /// <c>n</c> or <c>n-m</c>; an entry without <c>/</c> is more cores of the next job (<c>0,2/12.srv</c>).</summary>
    private static int UsedSlots(string? jobs, Func<string, PbsFormatException> error)
    {
        if (jobs is null)
        {
            return 0;
        }
        var used = 0;
        foreach (var entry in jobs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var cores = slash < 0 ? entry : entry[..slash];
            var match = CoreRange().Match(cores);
            if (!match.Success)
            {
                throw error($"<jobs> entry '{entry}' is not cores/jobid (such as 0/12.server or 0-3/12.server)");
            }
            var first = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = match.Groups[2].Success ? long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : first;
            if (last < first || last - first >= TorqueNodeSpec.MaxNodeCount)
            {
                throw error($"<jobs> entry '{entry}' has a bad core range");
            }
            used = (int)Math.Min(int.MaxValue, used + (last - first + 1));
        }
        return used;
    }

    /// <summary>The <c>k=v</c> pairs of <c>&lt;status&gt;</c>; a comma-separated piece without <c>=</c> belongs to
    /// the value before it (<c>message=ERROR: a, b</c>), which CLUES dropped.</summary>
    private static List<(string Key, string Value)> Status(string? status)
    {
        var pairs = new List<(string Key, string Value)>();
        if (status is null)
        {
            return pairs;
        }
        foreach (var piece in status.Split(','))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? piece[..equals].Trim() : "";
            if (key.Length > 0 && StatusKey().IsMatch(key))
            {
                pairs.Add((key, piece[(equals + 1)..].Trim()));
            }
            else if (pairs.Count > 0)
            {
                pairs[^1] = (pairs[^1].Key, pairs[^1].Value + "," + piece);
            }
        }
        return pairs;
    }

    private static double? Size(List<(string Key, string Value)> status, string key, Func<string, PbsFormatException> error)
    {
        var index = status.FindLastIndex(p => p.Key == key);
        if (index < 0 || status[index].Value.Length == 0)
        {
            return null;
        }
        return TorqueSize.TryParse(status[index].Value, out var bytes)
            ? bytes
            : throw error($"{key}={status[index].Value} in <status> is not a size (such as 8167188kb)");
    }

    // CLUES' test for a value it leaves unquoted: a number with an optional size suffix.
    private static KeywordValue Keyword(string value)
    {
        var match = Number().Match(value);
        if (!match.Success)
        {
            return KeywordValue.FromString(value);
        }
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var suffix = match.Groups["s"].Value.ToLowerInvariant();
        var scale = suffix.Length == 0 ? 1 : Math.Pow(1024, "kmgtp".IndexOf(suffix[0], StringComparison.Ordinal) + 1);
        return KeywordValue.FromNumber(number * scale);
    }

    [GeneratedRegex(@"^(\d{1,9})(?:-(\d{1,9}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreRange();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusKey();

    [GeneratedRegex(@"^(?<n>(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)(?<s>kb|gb|mb|tb|pb|Kb|Gb|Mb|Tb|Pb)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
