using Clues.Core.Model;

namespace Clues.Plugins.Sge;

/// <summary>What a Grid Engine job asks for, read from <c>qstat -r -xml</c> by the plugin or from the JSV parameters
/// by the wrapper; <see cref="ToResources"/> turns it into CLUES' resources, the same way for both.</summary>
internal sealed record SgeJobRequest
{
    /// <summary>Slots of each array task: the parallel environment's slots (the minimum of a range), else 1.</summary>
    public int Slots { get; init; } = 1;

    /// <summary>The parallel environment (<c>-pe</c>), or null.</summary>
    public string? ParallelEnvironment { get; init; }

    /// <summary>Array tasks that may run at once (1 for a plain job).</summary>
    public long ArrayTasks { get; init; } = 1;

    /// <summary>Bytes per slot (<c>-l h_vmem</c>, else <c>-l s_vmem</c>), 0 when not asked.</summary>
    public double MemoryPerSlot { get; init; }

    /// <summary>The hard queue destinations (<c>-q</c>).</summary>
    public IReadOnlyList<SgeQueueDestination> Destinations { get; init; } = [];

    /// <summary>Hosts named by <c>-l hostname=</c>.</summary>
    public IReadOnlyList<string> HostNames { get; init; } = [];

    /// <summary>Queues named by <c>-l qname=</c>.</summary>
    public IReadOnlyList<string> QueueNames { get; init; } = [];

    /// <summary>CLUES' resources for the job.</summary>
    /// <param name="slotsPerHost">From the parallel environment's allocation rule (<see cref="SgeParallelEnvironment"/>), or null.</param>
    /// <param name="defaultQueue"><c>SGE_DEFAULT_QUEUE</c>.</param>
    /// <remarks>
    /// With a fixed number of slots per host P, each array task needs ⌈slots / P⌉ CLUES tasks of P slots (KEEP);
    /// otherwise every slot is a CLUES task of one slot, which may go to any host. Memory is per task: Grid Engine's
    /// <c>h_vmem</c> is per slot, so a task of P slots needs P times it (FIX: CLUES took the per-slot value for the
    /// whole task). FIX: CLUES counted an array job's tasks instead of its slots (a 4-slot array task counted as 1).
    /// </remarks>
    /// <exception cref="FormatException">The job needs more tasks than CLUES can count.</exception>
    public Resources ToResources(int? slotsPerHost, string defaultQueue)
    {
        var requirement = SgeRequirement.Build(Destinations, HostNames, QueueNames, defaultQueue);
        var slots = Math.Max(1, Slots);
        long tasks;
        int perTask;
        if (slotsPerHost is { } perHost and > 0)
        {
            perTask = Math.Min(perHost, slots);
            tasks = ArrayTasks * ((slots + perTask - 1) / perTask);
        }
        else
        {
            perTask = 1;
            tasks = ArrayTasks * slots;
        }
        if (tasks is < 1 or > int.MaxValue)
        {
            throw new FormatException($"the job needs {tasks} tasks ({ArrayTasks} array tasks of {slots} slots)");
        }
        return new Resources(perTask, MemoryPerSlot * perTask, [requirement], (int)tasks);
    }
}
