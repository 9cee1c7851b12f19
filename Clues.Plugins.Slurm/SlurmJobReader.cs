using Clues.Core.Model;
using Clues.Plugins.Slurm.Scontrol;

namespace Clues.Plugins.Slurm;

/// <summary>Turns <c>scontrol -o show jobs</c> records into CLUES job reports.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>State (KEEP): <c>PENDING</c> is PENDING; any other state (RUNNING, COMPLETING, COMPLETED, ...) is ATTENDED.</item>
/// <item>Nodes: <c>NodeList</c> expanded into node names (FIX: CLUES passed the raw host list as one name); none while
/// pending.</item>
/// <item>Nodes needed: <c>NumNodes</c>, whose minimum is read whole (<c>3-3</c> → 3, <c>12</c> → 12; FIX: CLUES read
/// only the first character). Tasks: <c>NumTasks</c> (else the node count), never fewer than the nodes, and at most
/// ⌈tasks / nodes⌉ per node, so a <c>-N3</c> job needs three nodes (FIX: CLUES let every task share one node).</item>
/// <item>Per task: <c>CPUs/Task</c> slots (1 when absent) and memory in bytes: <c>MinMemoryNode</c> shared by the tasks
/// of a node, or <c>MinMemoryCPU</c> times the task's CPUs (FIX: CLUES could not read <c>1500M</c> and ignored
/// <c>MinMemoryCPU</c>).</item>
/// <item>Requirement (KEEP): <c>"&lt;partition&gt;" in queues</c>; a job submitted to several partitions
/// (<c>Partition=a,b</c>) may run in any of them.</item>
/// </list>
/// </remarks>
internal static class SlurmJobReader
{
    public const string EmptyMessage = "No jobs in the system";

    /// <summary>The fields this reader uses.</summary>
    public static readonly HashSet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
        { "JobId", "JobState", "NodeList", "NumNodes", "NumTasks", "CPUs/Task", "MinMemoryNode", "MinMemoryCPU", "Partition" };

    /// <summary>The CLUES state of a Slurm job state (KEEP: only PENDING waits).</summary>
    public static RequestState ToClues(string jobState) =>
        string.Equals(jobState, "PENDING", StringComparison.Ordinal) ? RequestState.Pending : RequestState.Attended;

    /// <summary>The job reports, in Slurm's order.</summary>
    /// <exception cref="ScontrolFormatException">A record lacks a required field, has a bad value, or repeats a job id.</exception>
    public static IReadOnlyList<JobInfo> Read(IReadOnlyList<ScontrolRecord> records)
    {
        var jobs = new List<JobInfo>(records.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var id = record.Require("JobId");
            if (!ids.Add(id))
            {
                throw record.Error($"job {id} is listed twice");
            }
            var state = ToClues(record.Require("JobState"));
            var nodes = NodesOf(record);
            var nodeCount = MinimumNodes(record);
            var tasks = Math.Max(nodeCount, record.GetInteger("NumTasks") ?? nodeCount);
            var perNode = (tasks + nodeCount - 1) / nodeCount;
            var cpusPerTask = record.GetInteger("CPUs/Task") ?? 1;
            if (cpusPerTask < 1 || tasks > int.MaxValue)
            {
                throw record.Error($"CPUs/Task={cpusPerTask} NumTasks={tasks} are out of range");
            }
            var memory = MemoryPerTask(record, cpusPerTask, perNode);
            var requirement = Requirement(record);
            jobs.Add(new JobInfo(new Resources(cpusPerTask, memory, [requirement], (int)tasks, (int)perNode), id, nodes, state));
        }
        return jobs;
    }

    private static IReadOnlyList<string> NodesOf(ScontrolRecord record)
    {
        if (record.GetOptional("NodeList") is not { } list)
        {
            return [];
        }
        try
        {
            return HostList.Expand(list);
        }
        catch (FormatException ex)
        {
            throw record.Error("NodeList= " + ex.Message, ex);
        }
    }

    private static long MinimumNodes(ScontrolRecord record)
    {
        if (record.GetOptional("NumNodes") is not { } text)
        {
            return 1;
        }
        var dash = text.IndexOf('-');
        var minimum = dash < 0 ? text : text[..dash];
        return long.TryParse(minimum, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            && count is > 0 and <= HostList.MaxNames
                ? count
                : throw record.Error($"NumNodes={text} is not a node count (n or n-m)");
    }

    private static double MemoryPerTask(ScontrolRecord record, long cpusPerTask, long tasksPerNode)
    {
        if (record.GetOptional("MinMemoryNode") is { } perNode)
        {
            return Size(record, "MinMemoryNode", perNode) / tasksPerNode;
        }
        if (record.GetOptional("MinMemoryCPU") is { } perCpu)
        {
            return Size(record, "MinMemoryCPU", perCpu) * cpusPerTask;
        }
        return 0;
    }

    private static double Size(ScontrolRecord record, string key, string text) =>
        SlurmMemory.TryParse(text, out var bytes) ? bytes : throw record.Error($"{key}={text} is not a memory size (such as 1500M or 2G)");

    private static string Requirement(ScontrolRecord record)
    {
        var partitions = record.Require("Partition").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (partitions.Length == 0 || partitions.Any(p => p.Contains('"') || p.Contains('\\')))
        {
            throw record.Error("Partition= is not a partition name");
        }
        return string.Join(" || ", partitions.Select(p => $"\"{p}\" in queues"));
    }
}
