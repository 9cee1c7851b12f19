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
