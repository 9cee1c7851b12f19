using System.Globalization;
using Clues.Core.Reports;

namespace Clues.Host.Reports;

/// <summary>
/// A <see cref="ClusterReport"/> as text for people (<c>clues-host report</c>): a card per host, the requests, and the
/// cluster over time, in human units (GiB, h:mm, %).
/// </summary>
internal sealed class ReportTextWriter(TextWriter output, double bytesPerMemoryUnit)
{
    /// <summary>Rows of the "cluster over time" table.</summary>
    public const int TimelineRows = 12;

    public void Write(ClusterReport report)
    {
        var period = report.Period;
        output.WriteLine($"CLUES report from {ReportPeriod.Format(period.From)} to {ReportPeriod.Format(period.To)} ({HumanUnits.Duration(period.Seconds)}): {report.Hosts.Count} host(s), {report.Requests.Count} request(s)");
        foreach (var host in report.Hosts)
        {
            WriteHost(host, period);
        }
        WriteRequests(report.Requests);
        WriteTimeline(report);
    }

    private string Memory(double value) => HumanUnits.Bytes(value * bytesPerMemoryUnit);

    private void WriteHost(HostReport host, ReportPeriod period)
    {
        output.WriteLine();
        output.WriteLine($"Host {host.Name}");
        var noData = host.NoDataSeconds > 0 ? $" (no data for the first {HumanUnits.Duration(host.NoDataSeconds)})" : "";
        var onShare = host.ObservedSeconds > 0 ? $" ({HumanUnits.Percent(host.OnSeconds / host.ObservedSeconds)})" : "";
        output.WriteLine($"  observed {HumanUnits.Duration(host.ObservedSeconds)}{noData}, on {HumanUnits.Duration(host.OnSeconds)}{onShare}, powered on {host.PowerOns} time(s)");
        var table = new TextTable("state", "time", "share", "while on", "visits", "mean per visit");
        foreach (var state in host.States.Where(s => s.Visits > 0 || s.Seconds > 0))
        {
            table.Add(state.Name, HumanUnits.Duration(state.Seconds), HumanUnits.Percent(state.ShareOfObserved),
                state.ShareWhileOn is { } onPart ? HumanUnits.Percent(onPart) : "",
                state.Visits.ToString(CultureInfo.InvariantCulture), state.MeanSeconds is { } mean ? HumanUnits.Duration(mean) : "-");
        }
        table.WriteTo(output, "  ");
        WriteUsage("slots used ", host.Slots, HumanUnits.Slots);
        WriteUsage("memory used", host.Memory, Memory);
        if (host.Usage.Count > 0)
        {
            var instants = Instants(host.Usage, period, TimelineRows, u => u.Time).ToList();
            var prefix = $"  in use at {TimelineRows} instants: ";
            output.WriteLine($"{prefix}slots  {string.Join(" ", instants.Select(u => u is null ? "-" : HumanUnits.Slots(u.SlotsUsed)))}");
            output.WriteLine($"{new string(' ', prefix.Length)}memory {string.Join(" ", instants.Select(u => u is null ? "-" : Memory(u.MemoryUsed).Replace(" ", "", StringComparison.Ordinal)))}");
        }
    }

    private void WriteUsage(string label, ResourceUsage usage, Func<double, string> format)
    {
        var whileOn = usage.MeanUsedWhileOn is { } on ? format(on) : "-";
        output.WriteLine($"  {label}  mean {format(usage.MeanUsed)} of {format(usage.Capacity)}, while on {whileOn}, peak {format(usage.PeakUsed)}");
        var bands = new[] { "none", "<=25 %", "<=50 %", "<=75 %", "<=100 %" };
        output.WriteLine($"  {new string(' ', label.Length)}  time on with in use: {string.Join(", ", bands.Select((b, i) => $"{b} {HumanUnits.Duration(usage.BandSeconds[i])}"))}");
    }

    private void WriteRequests(RequestReport requests)
    {
        output.WriteLine();
        output.WriteLine("Requests");
        var rate = requests.ArrivalsPerHour is { } perHour ? $", {perHour.ToString("0.##", CultureInfo.InvariantCulture)} per hour" : "";
        output.WriteLine($"  {requests.Count} request(s){rate}");
        if (requests.Count == 0)
        {
            return;
        }
        var table = new TextTable("outcome", "count", "share");
        foreach (var outcome in requests.Outcomes)
        {
            table.Add(outcome.Name, outcome.Count.ToString(CultureInfo.InvariantCulture), HumanUnits.Percent(outcome.Share));
        }
        table.WriteTo(output, "  ");
        output.WriteLine($"  time to be served   {Times(requests.TimeToServe, "served")}");
        output.WriteLine($"  time in CLUES       {Times(requests.TimeInClues, "left CLUES")}");
        output.WriteLine($"  size per request    slots {Sizes(requests.Slots, HumanUnits.Slots)}; memory {Sizes(requests.Memory, Memory)}; tasks {Sizes(requests.Tasks, HumanUnits.Slots)}");
    }

    private static string Times(Statistics? times, string what) => times is null
        ? $"- (none {what})"
        : $"mean {HumanUnits.Duration(times.Mean)}, min {HumanUnits.Duration(times.Min)}, max {HumanUnits.Duration(times.Max)} ({times.Count} {what})";

    private static string Sizes(Statistics? sizes, Func<double, string> format) => sizes is null
        ? "-"
        : $"{format(sizes.Min)} to {format(sizes.Max)} (mean {format(sizes.Mean)})";

    private void WriteTimeline(ClusterReport report)
    {
        output.WriteLine();
        output.WriteLine("Cluster over time");
        var table = new TextTable("time", "nodes on", "slots used / on", "memory used / on", "nodes by state");
        foreach (var point in Sample(report.Timeline, report.Period, TimelineRows))
        {
            var on = point.Nodes.Where(n => n.Key is "idle" or "used" or "on (err)").Sum(n => n.Value);
            table.Add(ReportPeriod.Format(point.Time), on.ToString(CultureInfo.InvariantCulture),
                $"{HumanUnits.Slots(point.SlotsUsed)} / {HumanUnits.Slots(point.SlotsOn)}",
                $"{Memory(point.MemoryUsed)} / {Memory(point.MemoryOn)}",
                string.Join(", ", point.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => $"{n.Key} {n.Value}")));
        }
        table.WriteTo(output, "  ");
    }

    // The cluster at evenly spaced instants: the last point at or before each.
    private static IEnumerable<ClusterPoint> Sample(IReadOnlyList<ClusterPoint> timeline, ReportPeriod period, int rows) =>
        Instants(timeline, period, rows, p => p.Time).Select((p, i) => p! with { Time = At(period, rows, i) });

    private static double At(ReportPeriod period, int rows, int i) =>
        period.Seconds > 0 && rows > 1 ? period.From + (period.Seconds * i / (rows - 1)) : period.From;

    // What was in effect at evenly spaced instants across the period (null before the first item).
    private static IEnumerable<T?> Instants<T>(IReadOnlyList<T> items, ReportPeriod period, int rows, Func<T, double> time)
        where T : class
    {
        if (items.Count == 0)
        {
            yield break;
        }
        var count = period.Seconds > 0 ? rows : 1;
        var index = -1;
        for (var i = 0; i < count; i++)
        {
            var at = At(period, count, i);
            while (index + 1 < items.Count && time(items[index + 1]) <= at)
            {
                index++;
            }
            yield return index < 0 ? null : items[index];
        }
    }
}
