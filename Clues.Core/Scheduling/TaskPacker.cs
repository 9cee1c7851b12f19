using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// CLUES' <c>_nodes_meet_resources</c>: places the tasks of one request first-fit on a pool of nodes, at most
/// MaxTasksPerNode per node. Placements are reserved on the nodes as they are made and rolled back unless kept.
/// </summary>
/// <remarks>
/// CLUES re-runs the packer from scratch on a copy of the whole node list for every growing pool (cases 1–5).
/// The pools are disjoint and the packing is greedy in pool order, so packing each new segment after the
/// previous ones gives the same placement; this walks each node once per request and copies nothing.
/// </remarks>
internal sealed class TaskPacker(Resources resources, IResourceMatcher matcher)
{
    private readonly List<Node> _placement = [];

    /// <summary>Whether any node of the pools walked so far could hold one task.</summary>
    public bool AnyNodeMet { get; private set; }

    /// <summary>Whether every task is placed.</summary>
    public bool Done => _placement.Count >= resources.TaskCount;

    /// <summary>The placement so far (one node per task).</summary>
    public IReadOnlyList<Node> Placement => _placement;

    /// <summary>Extends the pool with <paramref name="segment"/>; returns whether every task is now placed.</summary>
    public bool Walk(IEnumerable<Node> segment)
    {
        if (Done)
        {
            return true;
        }
        foreach (var node in segment)
        {
            var onNode = 0;
            while (onNode < resources.MaxTasksPerNode && !Done && matcher.Meets(node, resources))
            {
                AnyNodeMet = true;
                node.Allocate(resources);
                _placement.Add(node);
                onNode++;
            }
            if (Done)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Undoes every reservation made by the walk.</summary>
    public void Rollback()
    {
        foreach (var node in _placement)
        {
            node.SlotsFree += resources.Slots;
            node.MemoryFree += resources.Memory;
        }
        _placement.Clear();
    }
}
