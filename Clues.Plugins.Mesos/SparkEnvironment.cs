using System.Globalization;

namespace Clues.Plugins.Mesos;

/// <summary>
/// What a Spark driver asks for, scraped as CLUES does from its web UI's environment page (<c>&lt;webui&gt;/environment</c>):
/// the cells <c>&lt;td&gt;spark.cores.max&lt;/td&gt;&lt;td&gt;2&lt;/td&gt;</c> and <c>&lt;td&gt;spark.executor.memory&lt;/td&gt;&lt;td&gt;512M&lt;/td&gt;</c>.
/// </summary>
internal static class SparkEnvironment
{
    private const string CoresCell = "<td>spark.cores.max</td><td>";
    private const string MemoryCell = "<td>spark.executor.memory</td><td>";

    /// <summary>The CPUs and memory (bytes) the page gives; 0 for a value that is absent or unreadable, as in CLUES.</summary>
    public static (int Cpus, long Memory) Parse(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var cpus = Cell(html, CoresCell) is { } cores && int.TryParse(cores, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
        long memory = 0;
        if (Cell(html, MemoryCell) is { Length: > 1 } text
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            // CLUES' rule: the last character is the unit (k, m, g, any case; anything else counts as 1).
            var unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L };
            memory = amount <= long.MaxValue / unit ? amount * unit : 0;
        }
        return (cpus, memory);
    }

    private static string? Cell(string html, string label)
    {
        var start = html.IndexOf(label, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += label.Length;
        var end = html.IndexOf("</td>", start, StringComparison.Ordinal);
        return end < 0 ? null : html[start..end];
    }
}
