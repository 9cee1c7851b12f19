using System.Globalization;
using Clues.Core.Reports;

namespace Clues.Host.Reports;

/// <summary>
/// A <see cref="ClusterReport"/> as CSV (<c>clues-host report --format csv</c>): one figure per row,
/// <c>section,subject,figure,value</c>, values in the same human units as the text report (h:mm, GiB, %), so a
/// spreadsheet filters it by section and host. Scripts that want raw numbers use <c>--format json</c>.
/// </summary>
internal sealed class ReportCsvWriter(TextWriter output, double bytesPerMemoryUnit)
{
    public void Write(ClusterReport report)
    {
        Row("section", "subject", "figure", "value");
        Row("period", "", "from", ReportPeriod.Format(report.Period.From));
        Row("period", "", "to", ReportPeriod.Format(report.Period.To));
        Row("period", "", "length", HumanUnits.Duration(report.Period.Seconds));
        foreach (var host in report.Hosts)
        {
            Row("host", host.Name, "observed", HumanUnits.Duration(host.ObservedSeconds));
            Row("host", host.Name, "no data", HumanUnits.Duration(host.NoDataSeconds));
            Row("host", host.Name, "on", HumanUnits.Duration(host.OnSeconds));
            Row("host", host.Name, "powered on", Count(host.PowerOns));
            foreach (var state in host.States)
            {
                Row("host", host.Name, $"time {state.Name}", HumanUnits.Duration(state.Seconds));
                Row("host", host.Name, $"share {state.Name}", HumanUnits.Percent(state.ShareOfObserved));
                Row("host", host.Name, $"visits {state.Name}", Count(state.Visits));
                Row("host", host.Name, $"mean time {state.Name}", state.MeanSeconds is { } mean ? HumanUnits.Duration(mean) : "");
            }
            Usage(host.Name, "slots", host.Slots, HumanUnits.Slots);
            Usage(host.Name, "memory", host.Memory, Memory);
            foreach (var point in host.Usage)
            {
                Row("host", host.Name, $"slots used from {ReportPeriod.Format(point.Time)}", HumanUnits.Slots(point.SlotsUsed));
                Row("host", host.Name, $"memory used from {ReportPeriod.Format(point.Time)}", Memory(point.MemoryUsed));
            }
        }
        var requests = report.Requests;
        Row("requests", "", "count", Count(requests.Count));
        Row("requests", "", "arrivals per hour", requests.ArrivalsPerHour is { } rate ? rate.ToString("0.##", CultureInfo.InvariantCulture) : "");
        foreach (var outcome in requests.Outcomes)
        {
            Row("requests", outcome.Name, "count", Count(outcome.Count));
            Row("requests", outcome.Name, "share", HumanUnits.Percent(outcome.Share));
        }
        Stats("time to be served", requests.TimeToServe, HumanUnits.Duration);
        Stats("time in CLUES", requests.TimeInClues, HumanUnits.Duration);
        Stats("slots", requests.Slots, HumanUnits.Slots);
        Stats("memory", requests.Memory, Memory);
        Stats("tasks", requests.Tasks, HumanUnits.Slots);
        foreach (var point in report.Timeline)
        {
            var time = ReportPeriod.Format(point.Time);
            Row("cluster", time, "slots used", HumanUnits.Slots(point.SlotsUsed));
            Row("cluster", time, "slots on", HumanUnits.Slots(point.SlotsOn));
            Row("cluster", time, "memory used", Memory(point.MemoryUsed));
            Row("cluster", time, "memory on", Memory(point.MemoryOn));
            foreach (var (state, nodes) in point.Nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                Row("cluster", time, $"nodes {state}", Count(nodes));
            }
        }
    }

    private string Memory(double value) => HumanUnits.Bytes(value * bytesPerMemoryUnit);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Usage(string host, string resource, ResourceUsage usage, Func<double, string> format)
    {
        Row("host", host, $"{resource} capacity", format(usage.Capacity));
        Row("host", host, $"{resource} used mean", format(usage.MeanUsed));
        Row("host", host, $"{resource} used mean while on", usage.MeanUsedWhileOn is { } on ? format(on) : "");
        Row("host", host, $"{resource} used peak", format(usage.PeakUsed));
    }

    private void Stats(string figure, Statistics? stats, Func<double, string> format)
    {
        Row("requests", "", $"{figure} mean", stats is null ? "" : format(stats.Mean));
        Row("requests", "", $"{figure} min", stats is null ? "" : format(stats.Min));
        Row("requests", "", $"{figure} max", stats is null ? "" : format(stats.Max));
    }

    private void Row(params string[] cells) => output.WriteLine(string.Join(",", cells.Select(Quote)));

    // RFC 4180: quote a cell holding a comma, a quote or a line break, doubling its quotes.
    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
