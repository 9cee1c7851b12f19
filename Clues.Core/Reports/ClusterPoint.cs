namespace Clues.Core.Reports;

/// <summary>The cluster at one instant.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Nodes">Nodes per state, by display name, with <c>"no data"</c> for hosts not seen yet.</param>
/// <param name="SlotsOn">Slots of the nodes that are on.</param>
/// <param name="SlotsUsed">Slots in use.</param>
/// <param name="MemoryOn">Memory of the nodes that are on.</param>
/// <param name="MemoryUsed">Memory in use.</param>
public sealed record ClusterPoint(double Time, IReadOnlyDictionary<string, int> Nodes, double SlotsOn, double SlotsUsed, double MemoryOn, double MemoryUsed);
