using System.Globalization;
using System.Xml.Linq;
using Clues.Core.Simulation;
using Clues.Host.Commands;
using NUnit.Framework;

namespace Clues.Tests.Host;

/// <summary><c>simulate --compare ... --svg FILE</c>: an SVG chart whose bars and labels are the report's figures.</summary>
[TestFixture]
public sealed class SimulationReportSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static double Value(XElement e) => double.Parse(e.Attribute("data-value")!.Value, CultureInfo.InvariantCulture);

    private static double Width(XElement e) => double.Parse(e.Attribute("width")!.Value, CultureInfo.InvariantCulture);

    [Test, CancelAfter(120_000)]
    public async Task Compare_Svg_BarsAndLabelsAreTheReportFigures()
    {
        var dir = Directory.CreateTempSubdirectory("clues-svg-").FullName;
        try
        {
            var swf = Path.Combine(dir, "small.swf");
            File.WriteAllLines(swf, ["; MaxNodes: 2", "; MaxProcs: 2",
                "1 100 0 600 2 -1 -1 2 600 -1 1 1 1 -1 -1 -1 -1 -1", "2 5000 0 300 1 -1 -1 1 600 -1 1 1 1 -1 -1 -1 -1 -1"]);
            var configs = new[] { 60, 1800 }.Select(t =>
            {
                var path = Path.Combine(dir, $"idle{t}<&>.cfg");
                File.WriteAllLines(path, ["[scheduling]", $"IDLE_TIME={t}", "[simulator]", "POWERON_FAILURE_PROBABILITY=0"]);
                return path;
            }).ToArray();
            var svgPath = Path.Combine(dir, "report.svg");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();

            var code = await SimulateCommand.RunAsync([swf, "--compare", .. configs, "--format", "json", "--svg", svgPath], stdout, stderr, CancellationToken.None);

            Assert.That(code, Is.EqualTo(0), stderr.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(stdout.ToString());
            var reports = json.RootElement.EnumerateArray().ToList();
            var svg = XDocument.Load(svgPath).Root!; // well-formed XML, the labels' < & > escaped
            Assert.That(svg.Name, Is.EqualTo(Svg + "svg"));
            var bars = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
            var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
            for (var i = 0; i < reports.Count; i++)
            {
                var label = reports[i].GetProperty("configuration").GetString()!;
                Assert.That(label, Is.EqualTo(configs[i]));
                var mine = bars.Where(b => b.Attribute("data-configuration")!.Value == label).ToDictionary(b => b.Attribute("data-figure")!.Value);
                Assert.That(Value(mine["node-hours-on"]), Is.EqualTo(reports[i].GetProperty("nodeHoursOn").GetDouble()).Within(1e-9));
                Assert.That(Value(mine["wait-mean"]), Is.EqualTo(reports[i].GetProperty("wait").GetProperty("mean").GetDouble()).Within(1e-9));
                Assert.That(Value(mine["wait-p95"]), Is.EqualTo(reports[i].GetProperty("wait").GetProperty("p95").GetDouble()).Within(1e-9));
                Assert.That(texts, Does.Contain(label), "each configuration is labelled");
                Assert.That(texts, Has.Some.StartWith(reports[i].GetProperty("nodeHoursOn").GetDouble().ToString("0", CultureInfo.InvariantCulture) + " ("));
            }
            // Bar lengths are proportional to the figures they draw.
            var hours = bars.Where(b => b.Attribute("data-figure")!.Value == "node-hours-on").ToList();
            Assert.That(Width(hours[0]) / Width(hours[1]), Is.EqualTo(Value(hours[0]) / Value(hours[1])).Within(0.01));
            var bound = svg.Descendants(Svg + "line").Single(l => (string?)l.Attribute("class") == "lower-bound");
            Assert.That(Value(bound), Is.EqualTo(reports[0].GetProperty("nodeHoursLowerBound").GetDouble()).Within(1e-9));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task Svg_WithoutReport_ExitsTwo()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await SimulateCommand.RunAsync(["trace.sim", "--svg", "x.svg"], stdout, stderr, CancellationToken.None);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("--svg draws a report"));
    }

    [Test]
    public void Render_NoRequestReleased_SaysSoInsteadOfAWaitBar()
    {
        var report = new SimulationReport("a", 1, 10, 48, 5, 1, 1, 0, null, 1, 1);

        var svg = XDocument.Parse(SimulationReportSvg.Render("t", [report])).Root!;

        Assert.That(svg.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("data-figure") is "wait-mean" or "wait-p95"), Is.Zero);
        Assert.That(svg.Descendants(Svg + "text").Select(t => t.Value), Does.Contain("no request released"));
    }
}
