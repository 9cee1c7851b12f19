namespace Clues.Core.Model;

/// <summary>
/// What an LRMS plugin reports about one worker node at one monitoring pass (CLUES' <c>NodeInfo</c>).
/// </summary>
/// <remarks>
/// Resources are numbers in the plugin's own unit (slots are usually CPU cores; memory is usually bytes).
/// A negative total means "unknown or infinite" when <c>[monitoring] NEGATIVE_RESOURCES_MEANS_INFINITE</c> is on.
/// </remarks>
public sealed class NodeInfo
{
    /// <summary>Creates a node report; the "original" free figures start equal to the free figures.</summary>
    public NodeInfo(string name, double slotsCount, double slotsFree, double memoryTotal, double memoryFree,
        IReadOnlyDictionary<string, KeywordValue>? keywords = null, NodeState state = NodeState.Idle)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        SlotsCount = slotsCount;
        SlotsFree = slotsFree;
        SlotsFreeOriginal = slotsFree;
        MemoryTotal = memoryTotal;
        MemoryFree = memoryFree;
        MemoryFreeOriginal = memoryFree;
        State = state;
        Keywords = keywords is null
            ? new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
            : new Dictionary<string, KeywordValue>(keywords, StringComparer.Ordinal);
    }

    /// <summary>The node name: the key of the node everywhere.</summary>
    public string Name { get; }
    /// <summary>Total slots (CPU cores); negative = unknown/infinite.</summary>
    public double SlotsCount { get; set; }
    /// <summary>Free slots; the schedulers decrease it on their private copy to reserve capacity.</summary>
    public double SlotsFree { get; set; }
    /// <summary>The free slots as reported by the LRMS (never reduced by reservations).</summary>
    public double SlotsFreeOriginal { get; set; }
    /// <summary>Total memory; negative = unknown/infinite.</summary>
    public double MemoryTotal { get; set; }
    /// <summary>Free memory; reduced on the schedulers' private copy by reservations.</summary>
    public double MemoryFree { get; set; }
    /// <summary>The free memory as reported by the LRMS.</summary>
    public double MemoryFreeOriginal { get; set; }
    /// <summary>The reported state: Error, Unknown, Idle, Used or Off.</summary>
    public NodeState State { get; set; }
    /// <summary>Typed facts tested by request requirement expressions (for example <c>hostname</c>, <c>queues</c>).</summary>
    public Dictionary<string, KeywordValue> Keywords { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({State.ToDisplay()})";
}
