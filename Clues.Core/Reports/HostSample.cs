using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>One <c>host_monitoring</c> row: what CLUES saw of a host at <see cref="Time"/> (when the row was written).</summary>
/// <param name="Name">The host.</param>
/// <param name="Time">When the row was written (the <c>timestamp</c> column), Unix seconds.</param>
/// <param name="Slots">Slots of the host.</param>
/// <param name="SlotsFree">Slots free.</param>
/// <param name="Memory">Memory of the host, in the LRMS' unit (bytes for the real plugins).</param>
/// <param name="MemoryFree">Memory free.</param>
/// <param name="State">The node state.</param>
public readonly record struct HostSample(string Name, double Time, double Slots, double SlotsFree, double Memory, double MemoryFree, NodeState State)
{
    /// <summary>Slots in use; never negative (a node restored without data stores −1 everywhere).</summary>
    public double SlotsUsed => Math.Max(0, Slots - SlotsFree);

    /// <summary>Memory in use; never negative.</summary>
    public double MemoryUsed => Math.Max(0, Memory - MemoryFree);
}
