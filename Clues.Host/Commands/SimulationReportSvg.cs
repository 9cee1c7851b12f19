using System.Globalization;
using System.Security;
using System.Text;
using Clues.Core.Simulation;

namespace Clues.Host.Commands;

/// <summary>
/// Draws <see cref="SimulationReport"/>s as a plain SVG bar chart: node-hours on per configuration (with the lower
/// bound and always-on marked), and the request wait (mean and p95) per configuration. Every bar carries its figure
/// and value as <c>data-figure</c>/<c>data-value</c> attributes, so the chart can be checked against the report.
/// </summary>
internal static class SimulationReportSvg
{
    private const double Width = 960;
    private const double LabelWidth = 260;
    private const double BarArea = Width - LabelWidth - 120;
    private const double BarHeight = 18;
    private const double Gap = 8;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"];

    /// <summary>The chart of <paramref name="reports"/>, titled <paramref name="title"/>.</summary>
    public static string Render(string title, IReadOnlyList<SimulationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var svg = new StringBuilder();
        var y = 40.0;
        var body = new StringBuilder();

        // Panel 1: node-hours on, on a scale up to always-on.
        var maxHours = reports.Select(r => Math.Max(r.NodeHoursOn, r.NodeHoursAlwaysOn)).DefaultIfEmpty(1).Max();
        body.Append(Text(10, y, "Node-hours on (lower bound dashed; bar end label: x lower bound)", "heading"));
        y += 14;
        var panelTop = y;
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            body.Append(Text(10, y + BarHeight - 5, r.Label, "label"));
            body.Append(Bar(y, r.NodeHoursOn / maxHours, Colors[i % Colors.Length], r.Label, "node-hours-on", r.NodeHoursOn));
            body.Append(Text(LabelWidth + r.NodeHoursOn / maxHours * BarArea + 6, y + BarHeight - 5,
                string.Create(C, $"{r.NodeHoursOn:0} ({r.OfLowerBound:0.00}x)"), "value"));
            y += BarHeight + Gap;
        }
        if (reports.Count > 0)
        {
            var bound = reports[0].NodeHoursLowerBound / maxHours * BarArea + LabelWidth;
            body.Append(string.Create(C, $"<line class=\"lower-bound\" data-value=\"{reports[0].NodeHoursLowerBound:R}\" x1=\"{bound:0.##}\" y1=\"{panelTop - 4:0.##}\" x2=\"{bound:0.##}\" y2=\"{y:0.##}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>\n"));
        }
        y += 24;

        // Panel 2: waits, mean and p95, on one scale.
        var maxWait = reports.Select(r => r.Wait?.P95 ?? 0).Append(1).Max();
        body.Append(Text(10, y, "Request wait, seconds (solid: mean, light: p95)", "heading"));
        y += 14;
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            body.Append(Text(10, y + BarHeight - 5, r.Label, "label"));
            if (r.Wait is { } wait)
            {
                body.Append(Bar(y, wait.P95 / maxWait, Colors[i % Colors.Length], r.Label, "wait-p95", wait.P95, opacity: 0.35));
                body.Append(Bar(y + 4, wait.Mean / maxWait, Colors[i % Colors.Length], r.Label, "wait-mean", wait.Mean, height: BarHeight - 8));
                body.Append(Text(LabelWidth + wait.P95 / maxWait * BarArea + 6, y + BarHeight - 5,
                    string.Create(C, $"mean {wait.Mean:0} s, p95 {wait.P95:0} s"), "value"));
            }
            else
            {
                body.Append(Text(LabelWidth + 6, y + BarHeight - 5, "no request released", "value"));
            }
            y += BarHeight + Gap;
        }
        y += 10;

        svg.Append(string.Create(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{y:0}\" viewBox=\"0 0 {Width} {y:0}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append("<title>").Append(SecurityElement.Escape(title)).Append("</title>\n");
        svg.Append(string.Create(C, $"<rect width=\"{Width}\" height=\"{y:0}\" fill=\"#fff\"/>\n"));
        svg.Append(Text(10, 20, title, "title"));
        svg.Append(body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Bar(double y, double fraction, string color, string label, string figure, double value, double opacity = 1, double height = BarHeight) =>
        string.Create(C, $"<rect class=\"bar\" data-configuration=\"{SecurityElement.Escape(label)}\" data-figure=\"{figure}\" data-value=\"{value:R}\" x=\"{LabelWidth}\" y=\"{y:0.##}\" width=\"{Math.Max(0, fraction) * BarArea:0.##}\" height=\"{height:0.##}\" fill=\"{color}\" fill-opacity=\"{opacity:0.##}\"/>\n");

    private static string Text(double x, double y, string text, string cssClass) =>
        string.Create(C, $"<text class=\"{cssClass}\" x=\"{x:0.##}\" y=\"{y:0.##}\"{(cssClass is "heading" or "title" ? " font-weight=\"bold\"" : "")}>{SecurityElement.Escape(text)}</text>\n");
}
