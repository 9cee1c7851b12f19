namespace Clues.Core.Reports;

/// <summary>What one host did in the period.</summary>
/// <param name="Name">The host.</param>
/// <param name="ObservedSeconds">Time with data: from its first row (or the period's start, if it had one before) to the end.</param>
/// <param name="NoDataSeconds">Time before its first row: CLUES had not seen the host yet (not "off").</param>
/// <param name="OnSeconds">Time on and usable: idle, used or on (err).</param>
/// <param name="PowerOns">Times it was powered on: each entry into powon, and each off → on seen without one.</param>
/// <param name="States">Time in every state, in <see cref="ClusterReportBuilder.StateOrder"/>.</param>
/// <param name="Slots">Slots used.</param>
/// <param name="Memory">Memory used.</param>
/// <param name="Usage">Slots and memory in use over time, at each change (or, with more changes than the report's point limit, at even instants); none before its first row.</param>
/// <param name="Segments">Its state over time; a null state is "no data". Exact, or with more changes than the report's point limit, one segment per slice of the period in the state that held most of it.</param>
public sealed record HostReport(
    string Name,
    double ObservedSeconds,
    double NoDataSeconds,
    double OnSeconds,
    int PowerOns,
    IReadOnlyList<StateTime> States,
    ResourceUsage Slots,
    ResourceUsage Memory,
    IReadOnlyList<UsagePoint> Usage,
    IReadOnlyList<StateSegment> Segments);
