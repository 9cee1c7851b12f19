namespace Clues.Core.Reports;

/// <summary>Requests that arrived at (or, on a grid, from) one instant.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Count">How many arrived.</param>
/// <param name="Slots">The slots they asked for in all (slots per task × tasks).</param>
public sealed record RequestArrival(double Time, int Count, double Slots);
