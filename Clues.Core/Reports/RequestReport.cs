namespace Clues.Core.Reports;

/// <summary>The requests created in the period.</summary>
/// <param name="Count">How many.</param>
/// <param name="ArrivalsPerHour">Mean arrival rate; null for a period of zero length.</param>
/// <param name="Outcomes">How many are in each state (the state they left CLUES in, or are still in).</param>
/// <param name="TimeToServe">From creation to SERVED, for the served ones; null if none was.</param>
/// <param name="TimeInClues">From creation to leaving CLUES (served, not served, disappeared or discarded); null if none left.</param>
/// <param name="Slots">Slots per task asked for.</param>
/// <param name="Memory">Memory per task asked for.</param>
/// <param name="Tasks">Tasks per request.</param>
public sealed record RequestReport(
    int Count,
    double? ArrivalsPerHour,
    IReadOnlyList<RequestOutcome> Outcomes,
    Statistics? TimeToServe,
    Statistics? TimeInClues,
    Statistics? Slots,
    Statistics? Memory,
    Statistics? Tasks);
