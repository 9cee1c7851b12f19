using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>
/// CLUES' reports (spec §11; what <c>cluesreports</c> exports and CLUES' report page computes from it) for one period:
/// per host the time in each state and how it used its resources, the requests, and the cluster over time.
/// Times are Unix seconds and durations seconds; slots and memory are in the LRMS' units (memory: bytes for the real
/// plugins). <see cref="ClusterReportBuilder"/> computes it; the command and the status page only format it.
/// </summary>
/// <param name="Period">The period covered.</param>
/// <param name="Hosts">One report per host, by name.</param>
/// <param name="Requests">The requests created in the period.</param>
/// <param name="Timeline">The cluster over time: nodes per state and resources in use, at each change (or on an even grid when there are too many changes).</param>
/// <param name="Arrivals">Request arrivals over time (grouped by second, or on the timeline's grid).</param>
public sealed record ClusterReport(
    ReportPeriod Period,
    IReadOnlyList<HostReport> Hosts,
    RequestReport Requests,
    IReadOnlyList<ClusterPoint> Timeline,
    IReadOnlyList<RequestArrival> Arrivals);

/// <summary>What one host did in the period.</summary>
/// <param name="Name">The host.</param>
/// <param name="ObservedSeconds">Time with data: from its first row (or the period's start, if it had one before) to the end.</param>
/// <param name="NoDataSeconds">Time before its first row: CLUES had not seen the host yet (not "off").</param>
/// <param name="OnSeconds">Time on and usable: idle, used or on (err).</param>
/// <param name="PowerOns">Times it was powered on: each entry into powon, and each off → on seen without one.</param>
/// <param name="States">Time in every state, in <see cref="ClusterReportBuilder.StateOrder"/>.</param>
/// <param name="Slots">Slots used.</param>
/// <param name="Memory">Memory used.</param>
/// <param name="Segments">Its state over time; a null state is "no data".</param>
public sealed record HostReport(
    string Name,
    double ObservedSeconds,
    double NoDataSeconds,
    double OnSeconds,
    int PowerOns,
    IReadOnlyList<StateTime> States,
    ResourceUsage Slots,
    ResourceUsage Memory,
    IReadOnlyList<StateSegment> Segments);

/// <summary>The time a host spent in one state.</summary>
/// <param name="State">The state.</param>
/// <param name="Name">Its display name (as <c>clues status</c> prints it).</param>
/// <param name="Seconds">Total time in it.</param>
/// <param name="Visits">How many times the host entered it (a state the period begins in counts once).</param>
/// <param name="MeanSeconds">Mean time per visit; null if never entered.</param>
/// <param name="ShareOfObserved">Fraction (0–1) of the observed time.</param>
/// <param name="ShareWhileOn">Fraction (0–1) of the time on, for the on states (idle, used, on (err)); null for the others.</param>
public sealed record StateTime(NodeState State, string Name, double Seconds, int Visits, double? MeanSeconds, double ShareOfObserved, double? ShareWhileOn);

/// <summary>How a host used one resource (slots or memory), weighted by time.</summary>
/// <param name="Capacity">The most the host had.</param>
/// <param name="MeanUsed">Mean in use over the observed time.</param>
/// <param name="MeanUsedWhileOn">Mean in use while on; null if never on.</param>
/// <param name="PeakUsed">The most in use at once.</param>
/// <param name="BandSeconds">Time on with none in use, then with up to 25 %, 50 %, 75 % and 100 % of it in use (CLUES' quartile bars).</param>
public sealed record ResourceUsage(double Capacity, double MeanUsed, double? MeanUsedWhileOn, double PeakUsed, IReadOnlyList<double> BandSeconds);

/// <summary>A span of time a host spent in one state.</summary>
/// <param name="Start">Start, Unix seconds.</param>
/// <param name="End">End, Unix seconds.</param>
/// <param name="State">The state; null before the host's first row (no data).</param>
public sealed record StateSegment(double Start, double End, NodeState? State);

/// <summary>The cluster at one instant.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Nodes">Nodes per state, by display name, with <c>"no data"</c> for hosts not seen yet.</param>
/// <param name="SlotsOn">Slots of the nodes that are on.</param>
/// <param name="SlotsUsed">Slots in use.</param>
/// <param name="MemoryOn">Memory of the nodes that are on.</param>
/// <param name="MemoryUsed">Memory in use.</param>
public sealed record ClusterPoint(double Time, IReadOnlyDictionary<string, int> Nodes, double SlotsOn, double SlotsUsed, double MemoryOn, double MemoryUsed);

/// <summary>Requests that arrived at (or, on a grid, from) one instant.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Count">How many arrived.</param>
/// <param name="Slots">The slots they asked for in all (slots per task × tasks).</param>
public sealed record RequestArrival(double Time, int Count, double Slots);

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

/// <summary>How many requests are in one state.</summary>
/// <param name="State">The state.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Count">How many.</param>
/// <param name="Share">Fraction (0–1) of all requests.</param>
public sealed record RequestOutcome(RequestState State, string Name, int Count, double Share);

/// <summary>Mean, minimum and maximum of some values.</summary>
/// <param name="Count">How many values.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
public sealed record Statistics(int Count, double Mean, double Min, double Max)
{
    /// <summary>The statistics of <paramref name="values"/>, or null if there are none.</summary>
    public static Statistics? Of(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? null : new Statistics(values.Count, values.Average(), values.Min(), values.Max());
}
