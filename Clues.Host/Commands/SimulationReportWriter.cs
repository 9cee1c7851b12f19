using System.Globalization;
using System.Text.Json;
using Clues.Core.Simulation;

namespace Clues.Host.Commands;

/// <summary>Prints <see cref="SimulationReport"/>s: a table for people, CSV or JSON for scripts.</summary>
internal sealed class SimulationReportWriter(TextWriter output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static readonly string[] CsvColumns =
    [
        "configuration", "simulated_days", "node_hours_on", "node_hours_always_on", "node_hours_lower_bound", "of_always_on",
        "of_lower_bound", "power_ons_per_node_per_day", "requests", "requests_released", "wait_mean_s", "wait_p50_s", "wait_p95_s",
        "wait_max_s", "jobs_submitted", "jobs_queued_at_end",
    ];

    /// <summary>One line per configuration, aligned, with a heading and the shared figures above it.</summary>
    public void WriteTable(IReadOnlyList<SimulationReport> reports)
    {
        if (reports.Count == 0)
        {
            return;
        }
        var first = reports[0];
        // The work is the trace's, the same for every configuration; how long each run lasts is not.
        output.WriteLine(string.Create(C, $"{first.JobsSubmitted} jobs, {first.Requests} requests; lower bound (work / cores per node): {first.NodeHoursLowerBound:0.#} node-hours"));
        var width = Math.Max("configuration".Length, reports.Max(r => r.Label.Length));
        output.WriteLine($"{"configuration".PadRight(width)}  {"days",6}  {"node-hours on",13}  {"of always-on",12}  {"x lower bound",13}  {"power-ons/node/day",18}  {"wait mean",9}  {"p50",7}  {"p95",7}  {"max",7}  {"queued at end",13}");
        foreach (var r in reports)
        {
            var wait = r.Wait is { } w
                ? string.Create(C, $"{Seconds(w.Mean),9}  {Seconds(w.P50),7}  {Seconds(w.P95),7}  {Seconds(w.Max),7}")
                : $"{"-",9}  {"-",7}  {"-",7}  {"-",7}";
            output.WriteLine(string.Create(C, $"{r.Label.PadRight(width)}  {r.SimulatedDays,6:0.00}  {r.NodeHoursOn,13:0.#}  {r.OfAlwaysOn,12:P1}  {r.OfLowerBound,13:0.00}  {r.PowerOnsPerNodePerDay,18:0.00}  {wait}  {r.JobsQueuedAtEnd,13}"));
        }
    }

    /// <summary>A header line and one line per configuration; numbers in invariant culture, no units.</summary>
    public void WriteCsv(IReadOnlyList<SimulationReport> reports)
    {
        output.WriteLine(string.Join(",", CsvColumns));
        foreach (var r in reports)
        {
            object?[] values =
            [
                r.SimulatedDays, r.NodeHoursOn, r.NodeHoursAlwaysOn, r.NodeHoursLowerBound, r.OfAlwaysOn, r.OfLowerBound,
                r.PowerOnsPerNodePerDay, r.Requests, r.RequestsReleased, r.Wait?.Mean, r.Wait?.P50, r.Wait?.P95, r.Wait?.Max,
                r.JobsSubmitted, r.JobsQueuedAtEnd,
            ];
            output.WriteLine(string.Join(",", values.Select(v => Convert.ToString(v, C)).Prepend(Quote(r.Label))));
        }
    }

    /// <summary>A JSON array with one object per configuration (camelCase names; a null wait when none was released).</summary>
    public void WriteJson(IReadOnlyList<SimulationReport> reports)
    {
        var rows = reports.Select(r => new
        {
            configuration = r.Label,
            simulatedDays = r.SimulatedDays,
            nodeHoursOn = r.NodeHoursOn,
            nodeHoursAlwaysOn = r.NodeHoursAlwaysOn,
            nodeHoursLowerBound = r.NodeHoursLowerBound,
            ofAlwaysOn = r.OfAlwaysOn,
            ofLowerBound = r.OfLowerBound,
            powerOnsPerNodePerDay = r.PowerOnsPerNodePerDay,
            requests = r.Requests,
            requestsReleased = r.RequestsReleased,
            wait = r.Wait is { } w ? new { mean = w.Mean, p50 = w.P50, p95 = w.P95, max = w.Max } : null,
            jobsSubmitted = r.JobsSubmitted,
            jobsQueuedAtEnd = r.JobsQueuedAtEnd,
        });
        output.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Seconds(double seconds) => string.Create(C, $"{seconds:0.#}s");

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
