using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Core.Groups;

/// <summary>
/// Reads the <c>[group:NAME]</c> sections of clues2.cfg: one per node group, with the declared keys <c>NODES</c>,
/// <c>MIN_ON</c>, <c>MAX_ON</c> and <c>MAX_BOOTING</c>. Problems are recorded in <see cref="CluesConfig.Errors"/>
/// (a bad name, an empty or malformed node list, MIN_ON above MAX_ON, two groups that can hold the same node).
/// </summary>
public static class NodeGroupConfig
{
    /// <summary>What starts the section name of a group (any case).</summary>
    public const string SectionPrefix = "group:";

    /// <summary><c>NODES</c>: the group's nodes.</summary>
    public static readonly ConfigKey<string> Nodes = ConfigKey.String("NODES", "",
        "the group's nodes: names, host lists such as gpu-[01-08] and patterns such as gpu-*, separated by spaces or commas",
        required: true, validate: ValidateNodes);

    /// <summary><c>MIN_ON</c>: nodes kept on.</summary>
    public static readonly ConfigKey<int> MinOn = ConfigKey.Int("MIN_ON", 0,
        "nodes of the group kept on or booting at all times: a power-off below it is withheld, and nodes are powered on to reach it",
        v => v < 0 ? "a count ≥ 0" : null);

    /// <summary><c>MAX_ON</c>: most nodes on.</summary>
    public static readonly ConfigKey<int> MaxOn = ConfigKey.Int("MAX_ON", 0,
        "most nodes of the group on or booting at once (0 = no cap): a power-on beyond it is withheld and the request waits",
        v => v < 0 ? "a count ≥ 0 (0 = no cap)" : null);

    /// <summary><c>MAX_BOOTING</c>: most nodes booting.</summary>
    public static readonly ConfigKey<int> MaxBooting = ConfigKey.Int("MAX_BOOTING", 0,
        "most nodes of the group booting at once (0 = no cap; [scheduling] MAX_BOOTING_NODES still applies to the whole cluster)",
        v => v < 0 ? "a count ≥ 0 (0 = no cap)" : null);

    /// <summary>The declared keys of the section of group <paramref name="name"/>.</summary>
    public static ConfigSectionSchema Schema(string name) =>
        new(SectionPrefix + name, "A node group: its nodes and bounds on how many of them are on.", [Nodes, MinOn, MaxOn, MaxBooting]);

    /// <summary>Whether <paramref name="section"/> declares a group.</summary>
    public static bool IsGroupSection(string section) => section.StartsWith(SectionPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every group, in file order; problems go to <see cref="CluesConfig.Errors"/> and leave the group out.</summary>
    public static IReadOnlyList<NodeGroup> Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var groups = new List<NodeGroup>();
        foreach (var section in config.SectionNames.Where(IsGroupSection).ToList())
        {
            var name = section[SectionPrefix.Length..];
            if (!IsValidName(name))
            {
                var first = config.Entries(section).OrderBy(e => e.Line).FirstOrDefault();
                config.AddError(new ConfigError(first?.File, section, "", null,
                    "a group name after 'group:' made of letters, digits, '-', '_' and '.' (for example [group:gpu])", first?.Line));
                continue;
            }
            var errorsBefore = config.Errors.Count;
            var nodesText = Nodes.Read(config, section);
            var minOn = MinOn.Read(config, section);
            var maxOn = MaxOn.Read(config, section);
            var maxBooting = MaxBooting.Read(config, section);
            if (maxOn > 0 && minOn > maxOn)
            {
                Fail(config, section, MinOn.Name, minOn, $"at most MAX_ON ({maxOn}): the group cannot keep more nodes on than it may have on");
            }
            if (config.Errors.Count > errorsBefore)
            {
                continue;
            }
            var group = new NodeGroup(name, NodeSelector.Parse(nodesText), minOn, maxOn, maxBooting);
            CheckOverlap(config, group, groups);
            groups.Add(group);
        }
        return groups;
    }

    // A node may be in one group only: which bounds would apply to it otherwise? Names, host lists and patterns are
    // compared with those of every earlier group, two patterns by whether any name can match both, so an overlap is
    // an error before any node is seen (the guard still logs a node it finds in two groups).
    private static void CheckOverlap(CluesConfig config, NodeGroup group, List<NodeGroup> earlier)
    {
        foreach (var other in earlier)
        {
            if (group.Nodes.FindOverlap(other.Nodes) is { } overlap)
            {
                Fail(config, group.Section, Nodes.Name, group.Nodes.Text, "each node in one group only: " + overlap.Describe(other.Section));
                return;
            }
        }
    }

    private static string? ValidateNodes(string value)
    {
        try
        {
            NodeSelector.Parse(value);
            return null;
        }
        catch (FormatException ex)
        {
            return "a node list (" + ex.Message + ")";
        }
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static void Fail(CluesConfig config, string section, string key, object value, string expected)
    {
        var entry = config.Find(section, key);
        config.AddError(new ConfigError(entry?.File, section, key, entry?.Value ?? CluesConfig.Format(value), expected, entry?.Line));
    }
}
