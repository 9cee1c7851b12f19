using Clues.Core.Model;

namespace Clues.Core.Api;

/// <summary>
/// Every attribute of a managed node at one moment, in CLUES' declaration order (the order
/// <c>get_node_description</c> prints them).
/// </summary>
public sealed record NodeSnapshot
{
    public required string Name { get; init; }
    public double SlotsCount { get; init; }
    public double SlotsFree { get; init; }
    public double SlotsFreeOriginal { get; init; }
    public double MemoryTotal { get; init; }
    public double MemoryFree { get; init; }
    public double MemoryFreeOriginal { get; init; }
    public NodeState State { get; init; }
    public IReadOnlyDictionary<string, KeywordValue> Keywords { get; init; } = new Dictionary<string, KeywordValue>();
    public long Id { get; init; }
    public double TimestampCreated { get; init; }
    public double TimestampState { get; init; }
    public double TimestampInfo { get; init; }
    public double TimestampPoweredOn { get; init; }
    public double TimestampPoweredOff { get; init; }
    public int PowerOnOperationFailed { get; init; }
    public int PowerOffOperationFailed { get; init; }
    public bool Enabled { get; init; }
    public NodeState PrevState { get; init; }
    public double PrevTimestampState { get; init; }
    public double PrevTimestampPoweredOn { get; init; }
    public double PrevTimestampPoweredOff { get; init; }
    public int PrevPowerOnOperationFailed { get; init; }
    public int PrevPowerOffOperationFailed { get; init; }
    /// <summary>Why the daemon is not powering this node off (or on) right now, when it can tell; null otherwise.</summary>
    public string? Why { get; init; }
    /// <summary>Whether the node is quarantined: RETRIES_POWER_ON power-ons failed in a row, so no scheduler chooses it.</summary>
    public bool Quarantined { get; init; }
    /// <summary>When a quarantine ends by QUARANTINE_TIME (daemon clock); null when only <c>clues resetstate</c> ends it.</summary>
    public double? QuarantinedUntil { get; init; }
    /// <summary>When a node whose power-on failed may be tried again (end of its backoff, daemon clock); null otherwise.</summary>
    public double? PowerOnRetryAt { get; init; }
    /// <summary>The node group (<c>[group:NAME]</c>) it belongs to; null when it is in none.</summary>
    public string? Group { get; init; }
}
