using System.Globalization;
using System.Text;
using Clues.Core.Model;

namespace Clues.Core.Api.Formatting;

/// <summary>The text of CLUES' <c>status</c> call (spec §10), byte for byte.</summary>
public static class StatusTableFormatter
{
    /// <summary>The two header lines, each ending in a newline.</summary>
    public static readonly string Header =
        $"{"node",-24}   {"state",8}   {"enabled",8}   {"time stable",11}   {"(cpu,mem) used",14}   {"(cpu,mem) total",15}\n"
        + new string('-', 24 + 3 + 8 + 3 + 8 + 3 + 11 + 3 + 14 + 3 + 15) + "\n";

    /// <summary>The table for snapshots (numbers read with <see cref="PythonNumber.Infer"/>).</summary>
    /// <param name="nodes">The nodes, in any order (rows are sorted by name).</param>
    /// <param name="now">The daemon clock.</param>
    public static string Format(IEnumerable<NodeSnapshot> nodes, double now) =>
        Format(nodes.Select(StatusRow.FromSnapshot), now);

    /// <summary>The table for rows.</summary>
    /// <param name="rows">The rows, in any order (they are sorted by name, ordinal as Python's <c>sorted</c>).</param>
    /// <param name="now">The daemon clock.</param>
    public static string Format(IEnumerable<StatusRow> rows, double now)
    {
        var sb = new StringBuilder(Header);
        foreach (var row in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var used = (row.SlotsCount - row.SlotsFree).ToString();
            var usedMemory = (row.MemoryTotal - row.MemoryFree).ToString();
            sb.Append(Truncate(row.Name, 24).PadRight(24)).Append("   ")
                .Append(Truncate(row.State.ToDisplay(), 8).PadLeft(8)).Append("   ")
                .Append((row.Enabled ? "enabled" : "disabled").PadLeft(8)).Append("   ")
                .Append(TimeStable(now - row.TimestampState).PadLeft(11)).Append("   ")
                .Append(used.PadLeft(4)).Append(',').Append(usedMemory.PadRight(9)).Append("    ")
                .Append(row.SlotsCount.ToString().PadLeft(3)).Append(',').Append(row.MemoryTotal.ToString().PadRight(9))
                .Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Lines after the table for what CLUES 2.3 had no notion of: the daemon in dry run, and the quarantined nodes.
    /// Empty when neither applies, so the table stays CLUES' byte for byte.
    /// </summary>
    /// <param name="nodes">The nodes.</param>
    /// <param name="dryRun">Whether the daemon runs in dry run.</param>
    public static string Notes(IEnumerable<NodeSnapshot> nodes, bool dryRun)
    {
        var sb = new StringBuilder();
        foreach (var node in nodes.Where(n => n.Quarantined).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var until = node.QuarantinedUntil is { } at ? $"until {Daemon.NodeQuarantine.Clock(at)} or" : "until";
            sb.Append(CultureInfo.InvariantCulture,
                $"quarantined: {node.Name} after {node.PowerOnOperationFailed} failed power-ons in a row; {until} `clues resetstate {node.Name}`\n");
        }
        if (dryRun)
        {
            sb.Append("dry run: CLUES decides and logs power actions but runs none ([general] DRY_RUN or clues-host run --dry-run)\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// <c>time.strftime("%Hh%M'%S\"", time.gmtime(seconds))</c>: KEEP (spec §14 Q20) days are dropped, so the
    /// text wraps every 24 hours; a negative span wraps backwards from midnight as gmtime does.
    /// </summary>
    public static string TimeStable(double seconds)
    {
        var whole = (long)Math.Floor(seconds);
        var ofDay = ((whole % 86400) + 86400) % 86400;
        return string.Create(CultureInfo.InvariantCulture, $"{ofDay / 3600:00}h{ofDay / 60 % 60:00}'{ofDay % 60:00}\"");
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;
}
