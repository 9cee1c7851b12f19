namespace Clues.Core.Reports;

/// <summary>What a host had in use from one instant on.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="SlotsUsed">Slots in use.</param>
/// <param name="MemoryUsed">Memory in use, in the LRMS' unit.</param>
public sealed record UsagePoint(double Time, double SlotsUsed, double MemoryUsed);
