using Clues.Core.Model;
using Clues.Core.Requirements;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// The pools of one PowOn_Requests pass over the pass copy of the nodes, each indexed by a <see cref="CapacityTree"/>
/// so that "the next node of this pool that can hold one task" costs O(log n) instead of a walk over saturated
/// nodes (spec §4.2; CLUES re-filtered and re-walked every pool for every request, which made a pass quadratic).
/// </summary>
/// <remarks>
/// <para>Capacity pruning applies only with <see cref="ResourceMatcher"/>, whose checks the keys mirror exactly;
/// with any other <see cref="IResourceMatcher"/> every position matches the tree and each node is asked
/// <see cref="IResourceMatcher.Meets"/>, as a plain walk would.</para>
/// <para>Requirement expressions: the first <see cref="MaxIndexedRequirements"/> distinct expression lists of a pass
/// get their per-node results cached (and carried to the next pass, see <see cref="RequirementResultCache"/>) and their
/// own trees (only nodes that meet them), built lazily per pool; further lists are evaluated on each
/// capacity-eligible node, as CLUES does.</para>
/// </remarks>
internal sealed class PoolIndex
{
    /// <summary>How many distinct expression lists per pass get cached results and their own trees.</summary>
    public const int MaxIndexedRequirements = 16;

    private const int PoolCount = 5;
    private readonly IResourceMatcher _matcher;
    private readonly ResourceMatcher? _exact;
    private readonly Node[][] _nodes = new Node[PoolCount][];
    private readonly bool[][] _active = new bool[PoolCount][];
    private readonly CapacityTree[] _trees = new CapacityTree[PoolCount];
    private readonly int[][] _ordinals = new int[PoolCount][];
    private readonly Dictionary<IReadOnlyList<string>, RequirementFilter> _filters = new(ExpressionListComparer.Instance);
    private readonly List<RequirementFilter> _indexed = [];
    // Nodes whose capacity or pool changed, in order. A filter's trees take them in only when that filter is next
    // searched: most requirement sets are rare, and updating every filter's trees on every placement cost more
    // than the searches themselves.
    private readonly List<(PoolKind Pool, int Position)> _changes = [];
    private readonly int _nodeCount;
    private readonly RequirementResultCache? _cache;

    /// <summary>Splits the pass copy into pools (LRMS order within each) and indexes them.</summary>
    /// <param name="nodes">The pass copy of the nodes.</param>
    /// <param name="matcher">Whether a node can hold one task.</param>
    /// <param name="cache">Requirement results from earlier passes to reuse and update, or null to evaluate afresh.</param>
    public PoolIndex(NodeList nodes, IResourceMatcher matcher, RequirementResultCache? cache = null)
    {
        _matcher = matcher;
        _cache = cache;
        _exact = matcher as ResourceMatcher;
        _nodeCount = nodes.Count;
        var lists = new List<Node>[PoolCount];
        var ordinals = new List<int>[PoolCount];
        for (var p = 0; p < PoolCount; p++)
        {
            lists[p] = [];
            ordinals[p] = [];
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            PoolKind? pool = node.State switch
            {
                NodeState.Idle or NodeState.Used or NodeState.OnErr => PoolKind.On,
                NodeState.PowOn => PoolKind.PowOn,
                NodeState.Off when node.Enabled => PoolKind.OffOther,
                NodeState.PowOff when node.Enabled => PoolKind.PowOff,
                _ => null,
            };
            if (pool is { } kind)
            {
                lists[(int)kind].Add(node);
                ordinals[(int)kind].Add(i);
            }
        }
        // OFF nodes sit in both OFF pools at the same position, active in exactly one.
        lists[(int)PoolKind.OffChosen] = lists[(int)PoolKind.OffOther];
        ordinals[(int)PoolKind.OffChosen] = ordinals[(int)PoolKind.OffOther];
        for (var p = 0; p < PoolCount; p++)
        {
            var pool = lists[p].ToArray();
            _nodes[p] = pool;
            _ordinals[p] = ordinals[p].ToArray();
            _active[p] = new bool[pool.Length];
            Array.Fill(_active[p], p != (int)PoolKind.OffChosen);
            var tree = new CapacityTree(pool.Length);
            for (var i = 0; i < pool.Length; i++)
            {
                tree.Init(i, _active[p][i], SlotsKey(pool[i]), MemoryKey(pool[i]));
            }
            tree.Build();
            _trees[p] = tree;
        }
    }

    /// <summary>Number of nodes in a pool (for OFF: both OFF pools together).</summary>
    public int Count(PoolKind pool) => _nodes[(int)pool].Length;

    /// <summary>The node at a position of a pool.</summary>
    public Node NodeAt(PoolKind pool, int position) => _nodes[(int)pool][position];

    /// <summary>The LRMS position (in the pass copy) of the node at a position of a pool.</summary>
    public int OrdinalAt(PoolKind pool, int position) => _ordinals[(int)pool][position];

    /// <summary>The per-pass filter of a request's expressions, or null when the tree alone decides.</summary>
    public RequirementFilter? FilterFor(Resources resources)
    {
        if (_exact is null || RequirementEvaluator.IsTrivial(resources.Expressions))
        {
            return null;
        }
        if (!_filters.TryGetValue(resources.Expressions, out var filter))
        {
            var indexed = _indexed.Count < MaxIndexedRequirements;
            filter = new RequirementFilter(resources.Expressions, _exact.PrepareRequirements(resources.Expressions),
                indexed ? _cache?.For(resources.Expressions, _nodeCount) ?? new RequirementResults(_nodeCount) : null)
            {
                ChangesApplied = _changes.Count, // it has no trees yet: they will be built from the current values
            };
            _filters[resources.Expressions] = filter;
            if (filter.Indexed)
            {
                _indexed.Add(filter);
            }
        }
        return filter;
    }

    /// <summary>The lower bound a slots key must reach for a request (see <see cref="ResourceMatcher.Need"/>).</summary>
    public double NeedSlots(Resources resources) => _exact is null ? double.NegativeInfinity : ResourceMatcher.Need(resources.Slots);

    /// <summary>The lower bound a memory key must reach for a request.</summary>
    public double NeedMemory(Resources resources) => _exact is null ? double.NegativeInfinity : ResourceMatcher.Need(resources.Memory);

    /// <summary>
    /// The first position at or after <paramref name="from"/> in a pool whose node has the capacity for one task
    /// (and, for an indexed filter, meets its expressions), or -1. Other checks are left to <see cref="Meets"/>.
    /// </summary>
    public int FindFirst(PoolKind pool, RequirementFilter? filter, int from, double needSlots, double needMemory)
    {
        var tree = _trees[(int)pool];
        if (filter is { Indexed: true })
        {
            tree = FilteredTree(filter, pool) ?? tree;
        }
        return tree.FindFirst(from, needSlots, needMemory);
    }

    /// <summary>
    /// Whether the node at a position of a pool can hold one more task now (the matcher's answer, with cached
    /// requirement results).
    /// </summary>
    public bool Meets(PoolKind pool, int position, Resources resources, RequirementFilter? filter, double needSlots, double needMemory)
    {
        var node = _nodes[(int)pool][position];
        if (_exact is null)
        {
            return _matcher.Meets(node, resources);
        }
        if (SlotsKey(node) < needSlots || MemoryKey(node) < needMemory)
        {
            return false;
        }
        return filter is null || Requirement(filter, node, _ordinals[(int)pool][position]);
    }

    /// <summary>Re-reads the free resources of the node at a position of a pool into the trees that hold it.</summary>
    public void Refresh(PoolKind pool, int position)
    {
        if (pool is PoolKind.OffOther or PoolKind.OffChosen)
        {
            // An OFF node counts only in the OFF pool it is active in; the other tree gets its values when it moves.
            pool = _active[(int)PoolKind.OffChosen][position] ? PoolKind.OffChosen : PoolKind.OffOther;
        }
        Update(pool, position);
    }

    /// <summary>
    /// Moves the OFF node at a position to the "already chosen to be powered on" pool (case 3 instead of case 4);
    /// does nothing for a node of another pool or one already chosen.
    /// </summary>
    public void Choose(PoolKind pool, int position)
    {
        if (pool != PoolKind.OffOther || _active[(int)PoolKind.OffChosen][position])
        {
            return;
        }
        _active[(int)PoolKind.OffChosen][position] = true;
        _active[(int)PoolKind.OffOther][position] = false;
        Update(PoolKind.OffOther, position);
        Update(PoolKind.OffChosen, position);
    }

    private void Update(PoolKind pool, int position)
    {
        var node = _nodes[(int)pool][position];
        _trees[(int)pool].Update(position, _active[(int)pool][position], SlotsKey(node), MemoryKey(node));
        if (_indexed.Count > 0)
        {
            _changes.Add((pool, position));
        }
    }

    /// <summary>Brings a filter's trees up to date with the changes made since it was last searched.</summary>
    private void CatchUp(RequirementFilter filter)
    {
        for (var i = filter.ChangesApplied; i < _changes.Count; i++)
        {
            var (pool, position) = _changes[i];
            if (filter.Trees[(int)pool] is { } tree && filter.Results!.Meets(_ordinals[(int)pool][position]))
            {
                var node = _nodes[(int)pool][position];
                tree.Update(position, _active[(int)pool][position], SlotsKey(node), MemoryKey(node));
            }
        }
        filter.ChangesApplied = _changes.Count;
    }

    private CapacityTree? FilteredTree(RequirementFilter filter, PoolKind pool)
    {
        var p = (int)pool;
        CatchUp(filter);
        if (filter.Built[p])
        {
            return filter.Trees[p];
        }
        filter.Built[p] = true;
        var nodes = _nodes[p];
        var tree = new CapacityTree(nodes.Length);
        var all = true;
        for (var i = 0; i < nodes.Length; i++)
        {
            var meets = Requirement(filter, nodes[i], _ordinals[p][i]);
            all &= meets;
            tree.Init(i, _active[p][i] && meets, SlotsKey(nodes[i]), MemoryKey(nodes[i]));
        }
        if (all)
        {
            return null; // every node meets: the pool's own tree answers
        }
        tree.Build();
        filter.Trees[p] = tree;
        return tree;
    }

    private static bool Requirement(RequirementFilter filter, Node node, int ordinal)
    {
        if (filter.Results is not { } results)
        {
            return filter.Meets(node);
        }
        if (!results.TryGet(ordinal, node, out var meets))
        {
            meets = filter.Meets(node);
            results.Set(ordinal, node, meets);
        }
        return meets;
    }

    private double SlotsKey(Node node) => _exact?.SlotsKey(node) ?? double.PositiveInfinity;

    private double MemoryKey(Node node) => _exact?.MemoryKey(node) ?? double.PositiveInfinity;
}
