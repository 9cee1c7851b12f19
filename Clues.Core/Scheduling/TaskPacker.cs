using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// CLUES' <c>_nodes_meet_resources</c>: places the tasks of one request first-fit on the growing pool of cases 1–5,
/// at most MaxTasksPerNode per node. Placements are reserved on the nodes as they are made and rolled back unless
/// kept. One packer serves a whole pass (<see cref="Reset"/> per request).
/// </summary>
/// <remarks>
/// CLUES re-runs the packer from scratch on a copy of the whole node list for every growing pool. The pools are
/// disjoint and the packing is greedy in pool order, so packing each new pool after the previous ones gives the
/// same placement; and a node that cannot hold one task places nothing, so skipping it (the
/// <see cref="PoolIndex"/> does, in O(log n)) changes nothing either.
/// </remarks>
internal sealed class TaskPacker(PoolIndex index)
{
    private readonly List<Node> _placement = [];
    private readonly List<PlacedNode> _touched = [];
    private Resources _resources = new(0, 0);
    private RequirementFilter? _filter;
    private double _needSlots;
    private double _needMemory;

    /// <summary>
    /// Whether any node of the pools walked so far could hold one task (CLUES' non-empty <c>node_pool</c>).
    /// </summary>
    public bool AnyNodeMet { get; private set; }

    /// <summary>Whether every task is placed.</summary>
    public bool Done => _placement.Count >= _resources.TaskCount;

    /// <summary>The placement so far (one node per task).</summary>
    public IReadOnlyList<Node> Placement => _placement;

    /// <summary>The nodes of the placement, each once, in placement order, with the pool position each came from.</summary>
    public IReadOnlyList<PlacedNode> Nodes => _touched;

    /// <summary>Starts packing a new request (the previous placement is kept on the nodes).</summary>
    public void Reset(Resources resources)
    {
        _resources = resources;
        _filter = index.FilterFor(resources);
        _needSlots = index.NeedSlots(resources);
        _needMemory = index.NeedMemory(resources);
        _placement.Clear();
        _touched.Clear();
        AnyNodeMet = false;
    }

    /// <summary>Extends the pool with <paramref name="pool"/>; returns whether every task is now placed.</summary>
    public bool Walk(PoolKind pool)
    {
        if (Done)
        {
            return true;
        }
        var maxPerNode = _resources.MaxTasksPerNode;
        for (var position = index.FindFirst(pool, _filter, 0, _needSlots, _needMemory);
             position >= 0;
             position = index.FindFirst(pool, _filter, position + 1, _needSlots, _needMemory))
        {
            if (!index.Meets(pool, position, _resources, _filter, _needSlots, _needMemory))
            {
                continue;
            }
            AnyNodeMet = true;
            if (maxPerNode <= 0)
            {
                continue;
            }
            var node = index.NodeAt(pool, position);
            _touched.Add(new PlacedNode(pool, position, node.SlotsFree, node.MemoryFree));
            var onNode = 0;
            do
            {
                node.Allocate(_resources);
                _placement.Add(node);
                onNode++;
            }
            while (onNode < maxPerNode && !Done && index.Meets(pool, position, _resources, _filter, _needSlots, _needMemory));
            index.Refresh(pool, position);
            if (Done)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Undoes every reservation made for the current request (restoring the exact values).</summary>
    public void Rollback()
    {
        for (var i = _touched.Count - 1; i >= 0; i--)
        {
            var touched = _touched[i];
            var node = index.NodeAt(touched.Pool, touched.Position);
            node.SlotsFree = touched.SlotsFree;
            node.MemoryFree = touched.MemoryFree;
            index.Refresh(touched.Pool, touched.Position);
        }
        _touched.Clear();
        _placement.Clear();
    }
}
