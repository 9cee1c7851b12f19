using Clues.Host.Commands;
using NUnit.Framework;

namespace Clues.Tests.Host;

/// <summary><c>clues-host simulate</c>: trace formats, their options, and the errors a user sees.</summary>
[TestFixture]
public sealed class SimulateCommandTests
{
    private string _dir = null!;
    private StringWriter _out = null!;
    private StringWriter _err = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("clues-simulate-").FullName;
        _out = new StringWriter();
        _err = new StringWriter();
    }

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(_dir, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private Task<int> Run(params string[] args) => SimulateCommand.RunAsync(args, _out, _err, CancellationToken.None);

    [Test, CancelAfter(60_000)]
    public async Task Swf_SmallLog_RunsEveryJobOnTheGivenNodes()
    {
        var swf = Write("small.swf", "; MaxNodes: 8", "; MaxProcs: 8",
            "1 100 0 60 2 -1 -1 2 600 -1 1 1 1 -1 -1 -1 -1 -1",
            "2 130 0 30 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1",
            "3 150 0 30 1 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1",
            "4 9000 0 30 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1");

        var code = await Run(swf, "--nodes", "2", "--to", "1000");

        Assert.That(code, Is.EqualTo(0), _err.ToString());
        Assert.That(_out.ToString(), Does.Contain("2 nodes, 3 jobs"));
        Assert.That(_out.ToString(), Does.Contain("Jobs: 3 submitted, 3 finished"));
        Assert.That(_out.ToString(), Does.Contain("node01"));
    }

    [Test]
    public async Task Swf_BadLine_ExitsOneNamingTheLine()
    {
        var swf = Write("bad.swf", "; MaxNodes: 8", "1 100 0 60 two -1 -1 2 600 -1 1 1 1 -1 -1 -1 -1 -1");

        Assert.That(await Run(swf), Is.EqualTo(1));
        Assert.That(_err.ToString(), Does.Contain("bad.swf:2: field 5 'two' is not a number"));
    }

    [TestCase("--nodes", "0")]
    [TestCase("--cores", "1.5")]
    [TestCase("--memory", "lots")]
    [TestCase("--from", "-1")]
    public async Task Swf_BadOption_ExitsTwoNamingIt(string option, string value)
    {
        var swf = Write("ok.swf", "; MaxNodes: 8", "1 100 0 60 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1");

        Assert.That(await Run(swf, option, value), Is.EqualTo(2));
        Assert.That(_err.ToString(), Does.StartWith($"{option} '{value}' must be"));
    }

    [Test]
    public async Task Sim_SwfOption_ExitsTwo()
    {
        var sim = Write("t.sim", ";node;wn;1;1024;1", "5;job;1;512;10;1;");

        Assert.That(await Run(sim, "--nodes", "3"), Is.EqualTo(2));
        Assert.That(_err.ToString(), Does.Contain("--nodes applies to SWF traces"));
    }

    private string SmallSwf() => Write("small.swf", "; MaxNodes: 2", "; MaxProcs: 2",
        "1 100 0 600 2 -1 -1 2 600 -1 1 1 1 -1 -1 -1 -1 -1",
        "2 5000 0 300 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1");

    private string IdleTime(int seconds) => Write($"idle{seconds}.cfg", "[scheduling]", $"IDLE_TIME={seconds}", "[simulator]", "POWERON_FAILURE_PROBABILITY=0");

    [Test, CancelAfter(120_000)]
    public async Task Compare_TwoIdleTimes_CsvLinePerConfigurationAndShorterIdleSavesMore()
    {
        var code = await Run(SmallSwf(), "--compare", IdleTime(60), IdleTime(1800), "--format", "csv");

        Assert.That(code, Is.EqualTo(0), _err.ToString());
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Does.StartWith("configuration,simulated_days,node_hours_on,"));
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows.Select(r => Path.GetFileName(r[0])), Is.EqualTo(new[] { "idle60.cfg", "idle1800.cfg" }));
        var nodeHours = rows.Select(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(nodeHours[0], Is.LessThan(nodeHours[1]), "nodes idle between the jobs are switched off sooner");
        Assert.That(rows.Select(r => r[^1]), Is.EqualTo(new[] { "0", "0" }), "no job left queued");
    }

    [Test, CancelAfter(120_000)]
    public async Task Report_Json_ParsesWithWaitFigures()
    {
        var code = await Run(SmallSwf(), "--report", "--format", "json");

        Assert.That(code, Is.EqualTo(0), _err.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(_out.ToString());
        var report = json.RootElement.EnumerateArray().Single();
        Assert.That(report.GetProperty("requests").GetInt32(), Is.EqualTo(2));
        Assert.That(report.GetProperty("wait").GetProperty("max").GetDouble(), Is.GreaterThanOrEqualTo(report.GetProperty("wait").GetProperty("p50").GetDouble()));
        Assert.That(report.GetProperty("nodeHoursLowerBound").GetDouble(), Is.EqualTo((2 * 600 + 300) / 3600.0).Within(1e-9));
    }

    [Test, CancelAfter(120_000)]
    public async Task Report_Table_HeadingAndOneLine()
    {
        var code = await Run(SmallSwf(), "--report");

        Assert.That(code, Is.EqualTo(0), _err.ToString());
        Assert.That(_out.ToString(), Does.Contain("node-hours on").And.Contain("x lower bound").And.Contain("power-ons/node/day"));
        Assert.That(_out.ToString(), Does.Not.Contain("Energy:"), "the report replaces the per-node summary");
    }

    [TestCase("--format", "xml")]
    [TestCase("--compare")]
    public async Task Report_BadUse_ExitsTwo(params string[] options)
    {
        Assert.That(await Run([SmallSwf(), .. options]), Is.EqualTo(2));
        Assert.That(_err.ToString(), Does.Contain("usage:"));
    }

    [Test]
    public async Task Compare_WithDb_ExitsTwo()
    {
        Assert.That(await Run(SmallSwf(), "--compare", IdleTime(60), "--db", Path.Combine(_dir, "x.db")), Is.EqualTo(2));
        Assert.That(_err.ToString(), Does.Contain("--db and --config do not apply"));
    }
}
