namespace Clues.Core.Model;

/// <summary>
/// What a request or job needs (CLUES' <c>ResourcesNeeded</c>): per-task slots and memory, requirement
/// expressions that must all hold on a node, and how many tasks and how many tasks at most per node.
/// </summary>
/// <remarks>A request for N nodes is N tasks; the scheduler may pack several tasks on one node.</remarks>
public sealed record Resources
{
    /// <summary>Creates a resource specification; a <paramref name="maxTasksPerNode"/> ≤ 0 becomes the task count.</summary>
    public Resources(double slots, double memory, IReadOnlyList<string>? expressions = null, int taskCount = 1, int maxTasksPerNode = 0)
    {
        Slots = slots;
        Memory = memory;
        Expressions = expressions ?? [];
        TaskCount = taskCount;
        MaxTasksPerNode = maxTasksPerNode <= 0 ? taskCount : maxTasksPerNode;
    }

    /// <summary>Slots needed by each task.</summary>
    public double Slots { get; init; }
    /// <summary>Memory needed by each task.</summary>
    public double Memory { get; init; }
    /// <summary>Requirement expressions (all must hold on a node; an empty one holds).</summary>
    public IReadOnlyList<string> Expressions { get; init; }
    /// <summary>Number of tasks.</summary>
    public int TaskCount { get; init; }
    /// <summary>At most this many tasks on one node.</summary>
    public int MaxTasksPerNode { get; init; }
}
