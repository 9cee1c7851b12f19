namespace Clues.Core.Scheduling;

/// <summary>
/// A segment tree over the positions of a node pool keyed by free slots and free memory (max of each per subtree),
/// so that "the first active position at or after <c>from</c> with at least this much of both" skips saturated
/// ranges in O(log n) instead of walking them.
/// </summary>
/// <remarks>
/// <para>Keys are what the matcher compares against (+∞ for resources it does not check, never NaN); an inactive
/// position holds NaN, which no comparison matches and every maximum ignores. The tree is an implicit binary heap
/// (leaves from <c>_leaves</c> on) of 16-byte cells, searched and updated without recursion; an update stops
/// climbing as soon as a maximum does not change, which is most of the time once a node is partly used.</para>
/// <para>With two keys the pruning is exact (a subtree is skipped only when no position in it can match) but a
/// search may descend into subtrees whose maxima come from different positions (a prefix of nodes with slots but no
/// memory left, or memory but no slots) and visit much of the tree. So a search that covers everything from position
/// 0 leaves a hint for its keys: "no position before p has this much of both". Positions only lose capacity while
/// tasks are placed, so a later search needing at least as much of both starts at p; a position that gains capacity
/// (a rollback, a node joining the pool) pulls every hint back to itself. The hint for the exact keys is found by
/// hashing; only a search for keys not seen yet scans the other hints for one that proves a later start.</para>
/// </remarks>
internal sealed class CapacityTree
{
    private const int MaxHints = 64;
    private const int HintTableSize = 2 * MaxHints;
    private readonly int _count;
    private readonly int _leaves;
    private readonly Cell[] _cells;
    private readonly Hint[] _hints = new Hint[MaxHints];
    private readonly int[] _hintTable = new int[HintTableSize]; // open addressing: hint index + 1, 0 when empty
    private int _hintCount;
    private int _nextHint;

    /// <summary>Creates a tree of <paramref name="count"/> inactive positions.</summary>
    public CapacityTree(int count)
    {
        _count = count;
        _leaves = 1;
        while (_leaves < count)
        {
            _leaves <<= 1;
        }
        _cells = new Cell[2 * _leaves];
        Array.Fill(_cells, Cell.Inactive);
    }

    /// <summary>Number of positions.</summary>
    public int Count => _count;

    /// <summary>Sets a position; call <see cref="Build()"/> after setting them all.</summary>
    public void Init(int position, bool active, double slots, double memory) =>
        _cells[_leaves + position] = active ? new Cell(slots, memory) : Cell.Inactive;

    /// <summary>Computes the inner maxima after <see cref="Init"/>.</summary>
    public void Build()
    {
        for (var i = _leaves - 1; i >= 1; i--)
        {
            _cells[i] = Cell.Max(_cells[2 * i], _cells[2 * i + 1]);
        }
    }

    /// <summary>Changes one position and the maxima above it.</summary>
    public void Update(int position, bool active, double slots, double memory)
    {
        var i = _leaves + position;
        var old = _cells[i];
        var cell = active ? new Cell(slots, memory) : Cell.Inactive;
        if (cell.SameAs(old))
        {
            return;
        }
        if (_hintCount > 0 && active && (old.IsInactive || slots > old.Slots || memory > old.Memory))
        {
            PullHintsBack(position);
        }
        _cells[i] = cell;
        for (i >>= 1; i >= 1; i >>= 1)
        {
            var max = Cell.Max(_cells[2 * i], _cells[2 * i + 1]);
            if (max.SameAs(_cells[i]))
            {
                return;
            }
            _cells[i] = max;
        }
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
        // Scanning every hint on every search cost more than the searches themselves, hence the table.
        var start = 0;
        var exact = FindHint(slots, memory);
        if (exact >= 0)
        {
            start = _hints[exact].From;
        }
        else
        {
            for (var i = 0; i < _hintCount; i++)
            {
                ref readonly var hint = ref _hints[i];
                if (hint.Slots <= slots && hint.Memory <= memory && hint.From > start)
                {
                    start = hint.From;
                }
            }
        }
        if (from > start)
        {
            return Find(from, slots, memory); // says nothing about the positions before from
        }
        var found = start >= _count ? -1 : Find(start, slots, memory);
        var next = new Hint(slots, memory, found < 0 ? _count : found);
        if (exact >= 0)
        {
            _hints[exact] = next;
        }
        else if (_hintCount < MaxHints)
        {
            _hints[_hintCount] = next;
            AddToHintTable(_hintCount++);
        }
        else
        {
            _hints[_nextHint] = next; // replace the oldest
            _nextHint = (_nextHint + 1) % MaxHints;
            Array.Clear(_hintTable);
            for (var i = 0; i < _hintCount; i++)
            {
                AddToHintTable(i);
            }
        }
        return found;
    }

    // A small table of its own rather than a Dictionary keyed by (double, double): the lookup happens on every
    // search, and tuple hashing through the default comparer cost several times the search itself.
    private int FindHint(double slots, double memory)
    {
        for (var i = HintSlot(slots, memory); ; i = (i + 1) & (HintTableSize - 1))
        {
            var entry = _hintTable[i];
            if (entry == 0)
            {
                return -1;
            }
            ref readonly var hint = ref _hints[entry - 1];
            if (hint.Slots == slots && hint.Memory == memory)
            {
                return entry - 1;
            }
        }
    }

    private void AddToHintTable(int index)
    {
        var i = HintSlot(_hints[index].Slots, _hints[index].Memory);
        while (_hintTable[i] != 0)
        {
            i = (i + 1) & (HintTableSize - 1);
        }
        _hintTable[i] = index + 1;
    }

    private static int HintSlot(double slots, double memory)
    {
        // 0.0 and -0.0 compare equal, so they must land in the same slot.
        var a = (ulong)BitConverter.DoubleToInt64Bits(slots + 0.0);
        var b = (ulong)BitConverter.DoubleToInt64Bits(memory + 0.0);
        var mixed = ((a * 0x9E3779B97F4A7C15UL) ^ b) * 0xBF58476D1CE4E5B9UL;
        return (int)(mixed >> 57); // the top 7 bits: HintTableSize = 128
    }

    private void PullHintsBack(int position)
    {
        for (var i = 0; i < _hintCount; i++)
        {
            ref var hint = ref _hints[i];
            if (hint.From > position)
            {
                hint = hint with { From = position };
            }
        }
    }

    // Walks right from the leaf of `from`: a cell that matches is entered (left child first), one that does not is
    // left for the next subtree to its right, found by climbing while on a right child.
    private int Find(int from, double slots, double memory)
    {
        var cells = _cells;
        var i = from == 0 ? 1 : _leaves + from;
        while (true)
        {
            ref readonly var cell = ref cells[i];
            if (cell.Slots >= slots && cell.Memory >= memory)
            {
                if (i >= _leaves)
                {
                    return i - _leaves;
                }
                i <<= 1;
                continue;
            }
            while ((i & 1) == 1)
            {
                i >>= 1;
            }
            if (i == 0)
            {
                return -1;
            }
            i++;
        }
    }

    private readonly record struct Cell(double Slots, double Memory)
    {
        public static readonly Cell Inactive = new(double.NaN, double.NaN);

        public bool IsInactive => double.IsNaN(Slots);

        // Bitwise equality: NaN (inactive) equals itself, and -0.0 differs from 0.0 as the stored keys may.
        public bool SameAs(Cell other) =>
            BitConverter.DoubleToInt64Bits(Slots) == BitConverter.DoubleToInt64Bits(other.Slots)
            && BitConverter.DoubleToInt64Bits(Memory) == BitConverter.DoubleToInt64Bits(other.Memory);

        // NaN loses against any number, so an inactive child never raises a maximum.
        public static Cell Max(Cell a, Cell b) => new(Larger(a.Slots, b.Slots), Larger(a.Memory, b.Memory));

        private static double Larger(double a, double b) => a > b || double.IsNaN(b) ? a : b;
    }

    private readonly record struct Hint(double Slots, double Memory, int From);
}
