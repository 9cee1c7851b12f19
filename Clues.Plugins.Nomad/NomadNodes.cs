using Clues.Core.Model;
using Clues.Plugins.Nomad.Api;

namespace Clues.Plugins.Nomad;

/// <summary>Turns a Nomad node, its allocations and its line of the virtual-nodes file into CLUES' view of the node.</summary>
internal static class NomadNodes
{
    /// <summary>1 while new allocations may land on the node, 0 when an administrator made it ineligible or drains it.</summary>
    public const string ScheduleKeyword = "schedule";

    private const double MiB = 1 << 20;

    /// <summary>An allocation that holds its resources: pending or running (CLUES' test).</summary>
    public static bool IsActive(NomadAllocation allocation) => allocation.ClientStatus is "pending" or "running";

    /// <summary>
    /// An allocation of a system job: one runs on every eligible node and ends with it, so it neither makes a node busy
    /// nor stops a power-off (as DaemonSet pods for the Kubernetes plugin). Batch and sysbatch work is real work.
    /// </summary>
    public static bool IsSystem(NomadAllocation allocation) => (allocation.JobType ?? allocation.Job?.Type) == "system";

    /// <summary>Whether the node is out of service because of a drain CLUES started before a power-off.</summary>
    public static bool IsDrainedByClues(NomadNode node) =>
        node.SchedulingEligibility == "ineligible"
        && node.LastDrain is { Status: not "canceled" } drain
        && drain.Meta?.GetValueOrDefault(NomadApiClient.DrainMetaKey) == NomadApiClient.DrainMetaPowerOff;

    /// <summary>
    /// The node as CLUES sees it (spec clues-plugins §2.7): the file's line gives its keywords and, while Nomad does not
    /// know its resources, its size; a <c>NodeClass</c> that is a queue becomes its only queue. Slots are MHz over
    /// <c>NOMAD_DEFAULT_CPU_GHZ</c>, for nodes as for jobs; free is total minus reserved minus the active allocations'.
    /// </summary>
    public static NodeInfo ToNodeInfo(NomadNode node, NomadVirtualNode line, IReadOnlyList<NomadAllocation> allocations, NomadLrmsOptions options)
    {
        var keywords = new Dictionary<string, KeywordValue>(line.Keywords, StringComparer.Ordinal);
        if (node.NodeClass is { Length: > 0 } nodeClass && options.Queues.Contains(nodeClass, StringComparer.Ordinal))
        {
            keywords[NomadVirtualNodes.QueuesKeyword] = NomadVirtualNodes.Queues([nodeClass]);
        }
        var ineligible = node.SchedulingEligibility == "ineligible" || node.Drain == true || node.DrainStrategy is not null;
        keywords[ScheduleKeyword] = KeywordValue.FromNumber(ineligible && !IsDrainedByClues(node) ? 0 : 1);

        var totalMhz = node.NodeResources?.Cpu?.CpuShares;
        var slots = totalMhz is > 0 ? totalMhz.Value / options.MhzPerCore : line.Cpus;
        var memory = node.NodeResources?.Memory?.MemoryMB is > 0 and var mb ? mb * MiB : line.Memory;
        var usedMhz = (double)(node.ReservedResources?.Cpu?.CpuShares ?? 0);
        var usedMemory = (node.ReservedResources?.Memory?.MemoryMB ?? 0) * MiB;
        var busy = false;
        foreach (var allocation in allocations)
        {
            if (!IsActive(allocation))
            {
                continue;
            }
            busy |= !IsSystem(allocation);
            foreach (var task in allocation.AllocatedResources?.Tasks?.Values ?? Enumerable.Empty<AllocatedTaskResources>())
            {
                usedMhz += task.Cpu?.CpuShares ?? 0;
                usedMemory += (task.Memory?.MemoryMB ?? 0) * MiB;
            }
        }

        var state = node.Status == options.StateOn ? (busy ? NodeState.Used : NodeState.Idle)
            : node.Status == options.StateOff ? NodeState.Off
            : NodeState.Unknown;
        return new NodeInfo(line.Name, slots, slots - usedMhz / options.MhzPerCore, memory, memory - usedMemory, keywords, state);
    }

    /// <summary>A node of the file that Nomad does not know (yet): off, its whole size free.</summary>
    public static NodeInfo Virtual(NomadVirtualNode line) =>
        new(line.Name, line.Cpus, line.Cpus, line.Memory, line.Memory,
            new Dictionary<string, KeywordValue>(line.Keywords, StringComparer.Ordinal) { [ScheduleKeyword] = KeywordValue.FromNumber(1) },
            NodeState.Off);
}
