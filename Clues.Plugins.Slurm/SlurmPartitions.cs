using Clues.Core.Model;
using Clues.Plugins.Slurm.Scontrol;

namespace Clues.Plugins.Slurm;

/// <summary>Which partitions each node belongs to, from <c>scontrol -o show partitions</c>.</summary>
internal sealed class SlurmPartitions
{
    public const string EmptyMessage = "No partitions in the system";

    /// <summary>The fields this reader uses.</summary>
    public static readonly HashSet<string> Fields = new HashSet<string>(StringComparer.Ordinal) { "PartitionName", "Nodes" };

    private readonly Dictionary<string, List<string>> _byNode = new(StringComparer.Ordinal);

    private SlurmPartitions()
    {
    }

    /// <summary>The partitions of <paramref name="node"/>, in the order Slurm lists them.</summary>
    public IReadOnlyList<string> Of(string node) => _byNode.TryGetValue(node, out var partitions) ? partitions : [];

    /// <summary>Reads the partition records: <c>PartitionName=</c> and <c>Nodes=</c> (a host list, <c>(null)</c> when empty).</summary>
    /// <exception cref="ScontrolFormatException">A record has no name or a host list that cannot be expanded.</exception>
    public static SlurmPartitions Read(IReadOnlyList<ScontrolRecord> records)
    {
        var map = new SlurmPartitions();
        foreach (var record in records)
        {
            var name = record.Require("PartitionName");
            if (record.GetOptional("Nodes") is not { } nodes)
            {
                continue;
            }
            IReadOnlyList<string> names;
            try
            {
                names = HostList.Expand(nodes);
            }
            catch (FormatException ex)
            {
                throw record.Error("Nodes= " + ex.Message, ex);
            }
            foreach (var node in names)
            {
                if (!map._byNode.TryGetValue(node, out var list))
                {
                    map._byNode[node] = list = [];
                }
                list.Add(name);
            }
        }
        return map;
    }
}
