using System.Text.Json;
using Clues.Host.Commands;
using Clues.Tests.Core.Reports;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Host;

/// <summary><c>clues-host report</c> on a database written by a real simulation: the three formats and the errors.</summary>
[TestFixture]
public sealed class ReportCommandTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private SimulatedDatabase _simulation = null!;
    private string _database = null!;

    [OneTimeSetUp]
    public async Task SimulateAsync()
    {
        _simulation = await SimulatedDatabase.CreateAsync();
        _database = _simulation.Path;
    }

    [OneTimeTearDown]
    public void RemoveFolder() => _simulation.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReportCommand.Run(args, stdout, stderr, _time);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Text_SimulatorDatabase_ShowsHostsRequestsAndHumanUnits()
    {
        var (code, output, error) = Run(_database, "--memory-unit", "MiB");

        Assert.That((code, error), Is.EqualTo((0, "")));
        Assert.That(output, Does.StartWith("CLUES report from 1970-01-01 00:00:"));
        Assert.That(output, Does.Contain("\nHost wn00\n").And.Contain("\nHost wn01\n"));
        Assert.That(output, Does.Match(@"powered on \d+ time\(s\)"));
        Assert.That(output, Does.Contain("memory used  mean ").And.Contain(" of 2 GiB, while on "), "2048 MB nodes shown in GiB");
        Assert.That(output, Does.Match(@"\n  idle +\d+:\d\d +\d+\.\d %"), "time in h:mm and shares in %");
        Assert.That(output, Does.Contain("\nRequests\n  3 request(s), "));
        Assert.That(output, Does.Contain("slots 1 to 2 (mean 1.5)"), "1.5, 2 and 1 slots: the 1.5 is not truncated to 1");
        Assert.That(output, Does.Contain("time to be served   mean "));
        Assert.That(output, Does.Match(@"\n  in use at 12 instants: slots  - ([\d.]+ ){10}[\d.]+\n {25}memory - "), "wn01: no data at the start, then slots and memory at each instant");
        Assert.That(output, Does.Contain("\nCluster over time\n"));
        Assert.That(output, Does.Match(@"\n  1970-01-01 \S+ +0 .*no data \d"), "nodes are 'no data' before their first row");
    }

    [Test]
    public void Json_SimulatorDatabase_HasTheReportInRawNumbers()
    {
        var (code, output, _) = Run(_database, "--format", "json");

        Assert.That(code, Is.Zero);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.That(root.GetProperty("hosts").GetArrayLength(), Is.GreaterThanOrEqualTo(2));
        Assert.That(root.GetProperty("hosts")[0].GetProperty("name").GetString(), Is.EqualTo("wn00"));
        Assert.That(root.GetProperty("hosts")[0].GetProperty("memory").GetProperty("capacity").GetDouble(), Is.EqualTo(2048));
        Assert.That(root.GetProperty("requests").GetProperty("count").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("requests").GetProperty("slots").GetProperty("mean").GetDouble(), Is.EqualTo(1.5), "1.5, 2 and 1 slots");
        Assert.That(root.GetProperty("timeline").GetArrayLength(), Is.GreaterThan(2));
    }

    [Test]
    public void Csv_SimulatorDatabase_OneFigurePerRowWithFourColumns()
    {
        var (code, output, _) = Run(_database, "--format", "csv", "--memory-unit", "MiB");

        Assert.That(code, Is.Zero);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows[0], Is.EqualTo("section,subject,figure,value"));
        Assert.That(rows, Has.All.Matches<string>(r => r.Split(',').Length == 4), "no cell holds a comma");
        Assert.That(rows, Does.Contain("host,wn00,memory capacity,2 GiB"));
        Assert.That(rows, Does.Contain("requests,,slots mean,1.5"));
        Assert.That(rows, Does.Contain("requests,,count,3"));
        Assert.That(rows.Where(r => r.StartsWith("host,wn00,time ", StringComparison.Ordinal)), Has.All.Match(@",(\d+ s|\d+:\d\d)$"));
    }

    [TestCase("cluesdata", "")]
    [TestCase("cluesdata-js", "var cluesdata=")]
    public void CluesData_LikeCluesreports_ForCluesOwnReportPages(string format, string prefix)
    {
        var (code, output, _) = Run(_database, "--format", format);

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith(prefix + "{\"hostevents\":{\"wn00\":[{"));
        using var json = JsonDocument.Parse(output[prefix.Length..].TrimEnd().TrimEnd(';'));
        Assert.That(json.RootElement.GetProperty("requests").GetArrayLength(), Is.EqualTo(3));
        Assert.That(json.RootElement.GetProperty("mintime_avail").GetDouble(), Is.EqualTo(_simulation.Query("SELECT min(timestamp) FROM host_monitoring")[0][0]));
    }

    [Test]
    public void Range_LastTenMinutes_CoversThemOnly()
    {
        var (code, output, _) = Run(_database, "--from", "-10m", "--format", "json");

        Assert.That(code, Is.Zero);
        using var json = JsonDocument.Parse(output);
        var period = json.RootElement.GetProperty("period");
        Assert.That(period.GetProperty("to").GetDouble() - period.GetProperty("from").GetDouble(), Is.EqualTo(600));
    }

    [Test]
    public void Errors_MissingFileNotADatabaseEmptyRange_ExitOneWithTheReason()
    {
        var text = Path.Combine(_simulation.Folder, "notes.txt");
        File.WriteAllText(text, new string('#', 4096));

        Assert.That(Run(Path.Combine(_simulation.Folder, "missing.db")), Is.EqualTo((1, "", $"the database file '{Path.Combine(_simulation.Folder, "missing.db")}' does not exist{Environment.NewLine}")));
        AssertFails(Run(text), 1, $"'{text}' is not a CLUES database: ");
        AssertFails(Run(_database, "--from", "0", "--to", "5"), 1, "no data between 1970-01-01 00:00:00Z and 1970-01-01 00:00:05Z");
        AssertFails(Run(_database, "--from", "400", "--to", "300"), 1, "the period is empty");
        AssertFails(Run(_database, "--to", "soon"), 1, "--to 'soon' is not a time");
    }

    [Test]
    public void Usage_BadArguments_ExitTwo()
    {
        Assert.That(Run().Code, Is.EqualTo(2));
        AssertFails(Run(_database, "--format", "xml"), 2, "--format 'xml' is not one of text, json, csv, cluesdata, cluesdata-js");
        AssertFails(Run(_database, "--memory-unit", "parsecs"), 2, "--memory-unit 'parsecs' is not one of B, KiB, MiB, GiB");
        AssertFails(Run(_database, "--bogus"), 2, "unknown option '--bogus'");
        var help = Run("--help");
        Assert.That((help.Code, help.Out), Is.EqualTo((0, ReportCommand.Usage + Environment.NewLine)));
    }

    private static void AssertFails((int Code, string Out, string Err) result, int code, string errorStart)
    {
        Assert.That(result.Code, Is.EqualTo(code), result.Err);
        Assert.That(result.Err, Does.StartWith(errorStart));
        Assert.That(result.Out, Is.Empty, "nothing half-written to stdout");
    }
}
