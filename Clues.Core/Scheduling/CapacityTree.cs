namespace Clues.Core.Scheduling;

/// <summary>
/// A segment tree over the positions of a node pool keyed by free slots and free memory (max of each per subtree),
/// so that "the first active position at or after <c>from</c> with at least this much of both" skips saturated
/// ranges in O(log n) instead of walking them.
/// </summary>
/// <remarks>
/// Keys are what the matcher compares against (+∞ for resources it does not check); an inactive position never
/// matches. With two keys the pruning is exact (a subtree is skipped only when no position in it can match) but a
/// search may descend into subtrees whose maxima come from different positions (a prefix of nodes with slots but no
/// memory left, or memory but no slots) and visit much of the tree. So each search from position 0 leaves a hint:
/// "no position before p has this much of both". Positions only lose capacity while tasks are placed, so a later
/// search needing at least as much of both starts at p; a position that gains capacity (a rollback, a node joining
/// the pool) pulls every hint back to itself.
/// </remarks>
internal sealed class CapacityTree
{
    private readonly int _count;
    private readonly double[] _slots;
    private readonly double[] _memory;
    private readonly int[] _active;
    private readonly List<(double Slots, double Memory, int From)> _hints = [];
    private const int MaxHints = 64;

    /// <summary>Creates a tree of <paramref name="count"/> inactive positions.</summary>
    public CapacityTree(int count)
    {
        _count = count;
        var size = Math.Max(1, 4 * count);
        _slots = new double[size];
        _memory = new double[size];
        _active = new int[size];
        Array.Fill(_slots, double.NegativeInfinity);
        Array.Fill(_memory, double.NegativeInfinity);
    }

    /// <summary>Number of positions.</summary>
    public int Count => _count;

    /// <summary>Sets a position; call <see cref="Build()"/> after setting them all.</summary>
    public void Init(int position, bool active, double slots, double memory) => SetLeaf(Leaf(1, 0, _count - 1, position), active, slots, memory);

    /// <summary>Computes the inner maxima after <see cref="Init"/>.</summary>
    public void Build()
    {
        if (_count > 0)
        {
            Build(1, 0, _count - 1);
        }
    }

    /// <summary>Changes one position and the maxima above it.</summary>
    public void Update(int position, bool active, double slots, double memory)
    {
        if (_hints.Count > 0 && active)
        {
            var leaf = Leaf(1, 0, _count - 1, position);
            if (_active[leaf] == 0 || slots > _slots[leaf] || memory > _memory[leaf])
            {
                for (var i = 0; i < _hints.Count; i++)
                {
                    if (_hints[i].From > position)
                    {
                        _hints[i] = _hints[i] with { From = position };
                    }
                }
            }
        }
        Update(1, 0, _count - 1, position, active, slots, memory);
    }

    /// <summary>
    /// The first active position at or after <paramref name="from"/> whose slots key is at least
    /// <paramref name="slots"/> and memory key at least <paramref name="memory"/>, or -1.
    /// </summary>
    public int FindFirst(int from, double slots, double memory)
    {
        if (from >= _count)
        {
            return -1;
        }
        var start = 0;
        var exact = -1;
        for (var i = 0; i < _hints.Count; i++)
        {
            var hint = _hints[i];
            if (hint.Slots <= slots && hint.Memory <= memory)
            {
                start = Math.Max(start, hint.From);
                if (hint.Slots == slots && hint.Memory == memory)
                {
                    exact = i;
                }
            }
        }
        if (from > start)
        {
            return Find(1, 0, _count - 1, from, slots, memory); // says nothing about the positions before from
        }
        var found = start >= _count ? -1 : Find(1, 0, _count - 1, start, slots, memory);
        var next = (slots, memory, found < 0 ? _count : found);
        if (exact >= 0)
        {
            _hints[exact] = next;
        }
        else
        {
            if (_hints.Count == MaxHints)
            {
                _hints.RemoveAt(0);
            }
            _hints.Add(next);
        }
        return found;
    }

    private int Leaf(int node, int lo, int hi, int position)
    {
        while (lo != hi)
        {
            var mid = (lo + hi) >> 1;
            if (position <= mid)
            {
                node = 2 * node;
                hi = mid;
            }
            else
            {
                node = 2 * node + 1;
                lo = mid + 1;
            }
        }
        return node;
    }

    private void SetLeaf(int node, bool active, double slots, double memory)
    {
        _active[node] = active ? 1 : 0;
        _slots[node] = active ? slots : double.NegativeInfinity;
        _memory[node] = active ? memory : double.NegativeInfinity;
    }

    private void Build(int node, int lo, int hi)
    {
        if (lo == hi)
        {
            return;
        }
        var mid = (lo + hi) >> 1;
        Build(2 * node, lo, mid);
        Build(2 * node + 1, mid + 1, hi);
        Pull(node);
    }

    private void Update(int node, int lo, int hi, int position, bool active, double slots, double memory)
    {
        if (lo == hi)
        {
            SetLeaf(node, active, slots, memory);
            return;
        }
        var mid = (lo + hi) >> 1;
        if (position <= mid)
        {
            Update(2 * node, lo, mid, position, active, slots, memory);
        }
        else
        {
            Update(2 * node + 1, mid + 1, hi, position, active, slots, memory);
        }
        Pull(node);
    }

    private void Pull(int node)
    {
        _active[node] = _active[2 * node] + _active[2 * node + 1];
        _slots[node] = Math.Max(_slots[2 * node], _slots[2 * node + 1]);
        _memory[node] = Math.Max(_memory[2 * node], _memory[2 * node + 1]);
    }

    private int Find(int node, int lo, int hi, int from, double slots, double memory)
    {
        if (hi < from || _active[node] == 0 || _slots[node] < slots || _memory[node] < memory)
        {
            return -1;
        }
        if (lo == hi)
        {
            return lo;
        }
        var mid = (lo + hi) >> 1;
        var found = Find(2 * node, lo, mid, from, slots, memory);
        return found >= 0 ? found : Find(2 * node + 1, mid + 1, hi, from, slots, memory);
    }
}
