using Clues.Core.Model;

namespace Clues.Plugins.Pbs;

/// <summary>
/// What a Torque job asks for, as one CLUES request: read the same way for a queued job (<c>qstat -x</c>) and for a job
/// being submitted (the qsub submit filter).
/// </summary>
/// <remarks>
/// One node part (<c>nodes=2:ppn=4</c>): that many tasks of <c>ppn</c> slots (1 without it). Several parts
/// (<c>2:ppn=4+1:gpu</c>): the sum of the counts, of the smallest <c>ppn</c>, each on a node meeting one part's
/// requirement (CLUES' request model cannot say "two of these and one of those"; CLUES itself required every part on
/// every node, and counted only the last part's nodes). An array job (<c>-t</c>) multiplies the tasks. Memory per
/// task, in bytes: <c>mem</c> shared by the tasks, else <c>pmem</c> times the task's slots, else 0.
/// </remarks>
internal static class TorqueRequest
{
    /// <summary>The resources of a job.</summary>
    /// <param name="nodes">The <c>nodes</c> resource, or null for one node.</param>
    /// <param name="queue">The queue, or null.</param>
    /// <param name="mem">The <c>mem</c> resource (the whole job), or null.</param>
    /// <param name="pmem">The <c>pmem</c> resource (per process), or null.</param>
    /// <param name="copies">How many array sub-jobs may run at once (1 for a plain job).</param>
    /// <exception cref="FormatException">A value that cannot be read, naming it.</exception>
    public static Resources From(string? nodes, string? queue, string? mem, string? pmem, int copies = 1)
    {
        var specs = nodes is null ? [TorqueNodeSpec.OneNode] : TorqueNodeSpec.ParseList(nodes);
        var requirements = specs.Select(s => s.Requirement(queue)).Distinct(StringComparer.Ordinal).ToArray();
        // A part without requirements lets any node serve: then so does the whole.
        var requirement = requirements.Length == 1 ? requirements[0]
            : requirements.Contains("") ? ""
            : string.Join(" || ", requirements.Select(r => "(" + r + ")"));
        var tasks = (int)Math.Min(TorqueNodeSpec.MaxNodeCount, specs.Sum(s => (long)s.NodeCount) * Math.Max(1, copies));
        var slots = specs.Min(s => s.ProcessorsPerNode ?? 1);
        double memory = 0;
        if (mem is not null)
        {
            memory = TorqueSize.TryParse(mem, out var bytes) ? bytes / tasks : throw new FormatException($"mem={mem} is not a size (such as 2gb)");
        }
        else if (pmem is not null)
        {
            memory = TorqueSize.TryParse(pmem, out var bytes) ? bytes * slots : throw new FormatException($"pmem={pmem} is not a size (such as 512mb)");
        }
        return new Resources(slots, memory, [requirement], tasks);
    }
}
