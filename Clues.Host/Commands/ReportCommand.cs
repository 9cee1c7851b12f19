using Clues.Core.Reports;
using Clues.Host.Reports;
using Clues.Host.Server;

namespace Clues.Host.Commands;

/// <summary>
/// <c>clues-host report DB [--from T] [--to T] [--format text|json|csv|cluesdata|cluesdata-js] [--memory-unit B|KiB|MiB|GiB]</c>:
/// CLUES' <c>cluesreports</c> (spec §11) as a report people read — per host the time in each state, power-ons, mean
/// time per state and resource use; the requests' arrival rate, time to be served and outcomes; the cluster over time.
/// </summary>
/// <remarks>
/// <c>cluesdata</c> and <c>cluesdata-js</c> write what <c>cluesreports</c> and <c>cluesreports -j</c> write, for CLUES' own
/// report pages (etc/reports of CLUES).
/// </remarks>
internal static class ReportCommand
{
    public const string Usage = """
        usage: clues-host report DB [--from T] [--to T] [--format FORMAT] [--memory-unit B|KiB|MiB|GiB]
          DB             the CLUES database: its file (DB_CONNECTION_STRING sqlite://PATH), or the whole
                         DB_CONNECTION_STRING (sqlite://PATH or mysql://user:password@host[:port]/database)
          --from, --to   Unix seconds, an ISO 8601 date, 'now', or a negative offset (-3600, -90m, -6h, -2d);
                         --to defaults to the last instant in the database, --from to the first (negative: before --to)
          --format       text (default), json (raw numbers, for scripts), csv (one figure per row), or
                         cluesdata / cluesdata-js: what cluesreports / cluesreports -j write, for CLUES' report pages
          --memory-unit  the unit the LRMS reports memory in: B (default: the real plugins) or MiB (the simulator)
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args, new HashSet<string> { "--from", "--to", "--format", "--memory-unit" }, new HashSet<string> { "--help", "-h" });
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine($"{ex.Message}{Environment.NewLine}{Usage}");
            return 2;
        }
        if (line.Has("--help") || line.Has("-h"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        if (line.Positionals.Count != 1)
        {
            stderr.WriteLine($"report needs exactly one database file{Environment.NewLine}{Usage}");
            return 2;
        }
        var format = line.Value("--format") ?? "text";
        if (format is not ("text" or "json" or "csv" or "cluesdata" or "cluesdata-js"))
        {
            stderr.WriteLine($"--format '{format}' is not one of text, json, csv, cluesdata, cluesdata-js");
            return 2;
        }
        var unitName = line.Value("--memory-unit") ?? "B";
        if (MemoryUnit.Bytes(unitName) is not { } bytesPerUnit)
        {
            stderr.WriteLine($"--memory-unit '{unitName}' is not one of B, KiB, MiB, GiB");
            return 2;
        }

        ClusterReport report;
        using var database = OpenDatabase(line.Positionals[0], stderr);
        if (database is null)
        {
            return 1;
        }
        try
        {
            report = ClusterReportBuilder.Read(database, line.Value("--from"), line.Value("--to"), time.GetUtcNow());
        }
        catch (ReportException ex)
        {
            stderr.WriteLine(ex.Message);
            return 1;
        }
        switch (format)
        {
            case "cluesdata" or "cluesdata-js":
                // KEEP (spec §11): CLUES' export, its filter on timestamp_state included, over the period resolved above.
                var text = ReportData.ToJson(database, report.Period.From, report.Period.To, (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds);
                stdout.WriteLine(format == "cluesdata" ? text : $"var cluesdata={text};");
                break;
            case "json":
                stdout.WriteLine(ReportJson.Serialize(report));
                break;
            case "csv":
                new ReportCsvWriter(stdout, bytesPerUnit).Write(report);
                break;
            default:
                new ReportTextWriter(stdout, bytesPerUnit).Write(report);
                break;
        }
        return 0;
    }

    private static CluesDatabaseReader? OpenDatabase(string database, TextWriter stderr)
    {
        try
        {
            return CluesDatabaseReader.Open(database);
        }
        catch (ReportException ex)
        {
            stderr.WriteLine(ex.Message);
            return null;
        }
    }
}
