using Clues.Core.Model;
using Clues.Plugins.Slurm.Scontrol;

namespace Clues.Plugins.Slurm;

/// <summary>Turns <c>scontrol -o show nodes</c> records into CLUES node reports.</summary>
/// <remarks>
/// <para>Slots: <c>CPUEfctv</c> (the CPUs jobs may use, Slurm 22.05+), else <c>CPUTot</c> as in CLUES; free slots are
/// those minus <c>CPUAlloc</c>. Memory in bytes: <c>RealMemory</c> and <c>RealMemory − AllocMem</c>, which Slurm prints in
/// megabytes (FIX: CLUES took them as gigabytes; see <see cref="SlurmMemory"/>). State: <see cref="SlurmNodeState"/>.
/// Keywords, as in CLUES: <c>hostname</c> (the node name) and <c>queues</c> (its partitions, only when it has some).</para>
/// <para>The partitions come from the node's own <c>Partitions=</c> field, or from the partition listing when that
/// field is absent (FIX: CLUES ran the partition command once per node, and only matched <c>prefix[a-b]</c>).</para>
/// </remarks>
internal static class SlurmNodeReader
{
    public const string EmptyMessage = "No nodes in the system";

    /// <summary>The fields this reader uses.</summary>
    public static readonly HashSet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
        { "NodeName", "CPUEfctv", "CPUTot", "CPUAlloc", "RealMemory", "AllocMem", "State", "Partitions" };

    /// <summary>Whether the records lack <c>Partitions=</c> fields, so the partition listing is needed.</summary>
    public static bool NeedsPartitionListing(IReadOnlyList<ScontrolRecord> records) =>
        records.Any(r => r.Get("Partitions") is null);

    /// <summary>The node reports, in Slurm's order.</summary>
    /// <param name="records">The node records.</param>
    /// <param name="partitions">The partition listing, for records without <c>Partitions=</c>.</param>
    /// <param name="unknownState">Called with the state text of a node whose base state is not known.</param>
    /// <exception cref="ScontrolFormatException">A record lacks a required field, has a bad number, or repeats a node.</exception>
    public static IReadOnlyList<NodeInfo> Read(IReadOnlyList<ScontrolRecord> records, SlurmPartitions? partitions, Action<string, string>? unknownState = null)
    {
        var nodes = new List<NodeInfo>(records.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var name = record.Require("NodeName");
            if (!names.Add(name))
            {
                throw record.Error($"node {name} is listed twice");
            }
            var cpus = record.GetInteger("CPUEfctv") ?? record.RequireInteger("CPUTot");
            var allocated = record.GetInteger("CPUAlloc") ?? 0;
            var memory = record.RequireInteger("RealMemory");
            var allocatedMemory = record.GetInteger("AllocMem") ?? 0;
            var state = SlurmNodeState.Parse(record.Require("State"));
            if (!state.IsKnown)
            {
                unknownState?.Invoke(name, state.Text);
            }

            IReadOnlyList<string> queues = record.Get("Partitions") is { } list
                ? record.GetOptional("Partitions") is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : partitions?.Of(name) ?? [];
            var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
            {
                ["hostname"] = KeywordValue.FromString(name),
            };
            if (queues.Count > 0)
            {
                keywords["queues"] = KeywordValue.FromList(queues.Select(KeywordValue.Parse));
            }
            nodes.Add(new NodeInfo(name, cpus, Math.Max(0, cpus - allocated),
                SlurmMemory.FromMegabytes(memory), Math.Max(0, SlurmMemory.FromMegabytes(memory - allocatedMemory)),
                keywords, state.ToClues()));
        }
        return nodes;
    }
}
