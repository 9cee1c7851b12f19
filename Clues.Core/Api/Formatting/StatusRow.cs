using Clues.Core.Model;

namespace Clues.Core.Api.Formatting;

/// <summary>One row of the <c>status</c> table, with numbers that know whether they were Python ints or floats.</summary>
/// <param name="Name">Node name.</param>
/// <param name="State">Node state.</param>
/// <param name="Enabled">Whether the node is enabled.</param>
/// <param name="TimestampState">When it entered its state (daemon clock, seconds).</param>
/// <param name="SlotsCount">Total slots.</param>
/// <param name="SlotsFree">Free slots.</param>
/// <param name="MemoryTotal">Total memory.</param>
/// <param name="MemoryFree">Free memory.</param>
public sealed record StatusRow(string Name, NodeState State, bool Enabled, double TimestampState,
    PythonNumber SlotsCount, PythonNumber SlotsFree, PythonNumber MemoryTotal, PythonNumber MemoryFree)
{
    /// <summary>A row from a snapshot, numbers read with <see cref="PythonNumber.Infer"/>.</summary>
    public static StatusRow FromSnapshot(NodeSnapshot node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new StatusRow(node.Name, node.State, node.Enabled, node.TimestampState,
            PythonNumber.Infer(node.SlotsCount), PythonNumber.Infer(node.SlotsFree),
            PythonNumber.Infer(node.MemoryTotal), PythonNumber.Infer(node.MemoryFree));
    }
}
