using System.Globalization;

namespace Clues.Core.Model;

/// <summary>
/// Expands a Slurm host list (<c>slab[1-3]</c>, <c>wn[01-10,12],gpu1</c>, <c>r[1-2]n[1-2]</c>) into node names.
/// </summary>
/// <remarks>
/// Used by the Slurm plugin and by node groups (<c>[group:NAME] NODES</c>). FIX (spec plugins §2.1): CLUES only understood one <c>prefix[a-b]</c> range, without comma lists or zero padding,
/// and passed a job's NodeList unexpanded as one node name. Zero padding follows the lower bound (<c>[01-10]</c>
/// gives <c>01</c> ... <c>10</c>), as Slurm does. The result is bounded by <see cref="MaxNames"/>, so a hostile
/// list cannot exhaust memory.
/// </remarks>
public static class HostList
{
    /// <summary>The most names one list may expand to.</summary>
    public const int MaxNames = 100_000;

    /// <summary>The names of <paramref name="hostList"/>, in order.</summary>
    /// <exception cref="FormatException">Unbalanced brackets, a bad range, or more than <see cref="MaxNames"/> names.</exception>
    public static IReadOnlyList<string> Expand(string hostList)
    {
        ArgumentNullException.ThrowIfNull(hostList);
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= hostList.Length; i++)
        {
            var c = i < hostList.Length ? hostList[i] : ',';
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                if (--depth < 0)
                {
                    throw new FormatException($"host list '{hostList}' has a ']' without '['");
                }
            }
            else if (c == ',' && depth == 0)
            {
                var item = hostList[start..i].Trim();
                if (item.Length > 0)
                {
                    ExpandItem(hostList, item, names);
                }
                start = i + 1;
            }
            if (depth > 1)
            {
                throw new FormatException($"host list '{hostList}' nests brackets");
            }
        }
        if (depth != 0)
        {
            throw new FormatException($"host list '{hostList}' has a '[' without ']'");
        }
        return names;
    }

    // One item: literal text with bracket groups; several groups multiply (r[1-2]n[1-2] = r1n1 r1n2 r2n1 r2n2).
    private static void ExpandItem(string hostList, string item, List<string> names)
    {
        var open = item.IndexOf('[');
        if (open < 0)
        {
            Add(hostList, names, item);
            return;
        }
        var close = item.IndexOf(']', open);
        var prefix = item[..open];
        var rest = item[(close + 1)..];
        foreach (var part in item[(open + 1)..close].Split(','))
        {
            var dash = part.IndexOf('-');
            var low = (dash < 0 ? part : part[..dash]).Trim();
            var high = (dash < 0 ? part : part[(dash + 1)..]).Trim();
            if (!IsDigits(low) || !IsDigits(high)
                || !long.TryParse(low, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !long.TryParse(high, NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to < from)
            {
                throw new FormatException($"host list '{hostList}' has a bad range '{part}' (expected n or n-m with n <= m)");
            }
            if (to - from >= MaxNames - names.Count)
            {
                throw TooMany(hostList);
            }
            var width = low.Length > 1 && low[0] == '0' ? low.Length : 0;
            for (var n = from; n <= to; n++)
            {
                var name = prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
                if (rest.Contains('['))
                {
                    ExpandItem(hostList, name + rest, names);
                }
                else
                {
                    Add(hostList, names, name + rest);
                }
            }
        }
    }

    private static void Add(string hostList, List<string> names, string name)
    {
        if (names.Count >= MaxNames)
        {
            throw TooMany(hostList);
        }
        names.Add(name);
    }

    private static FormatException TooMany(string hostList) =>
        new($"host list '{(hostList.Length > 80 ? hostList[..80] + "..." : hostList)}' names more than {MaxNames} nodes");

    private static bool IsDigits(string text) => text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit);
}
