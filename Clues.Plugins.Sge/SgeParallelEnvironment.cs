using System.Globalization;

namespace Clues.Plugins.Sge;

/// <summary>The <c>allocation_rule</c> of a parallel environment (sge_pe(5)), from <c>qconf -sp &lt;pe&gt;</c>.</summary>
internal static class SgeParallelEnvironment
{
    /// <summary>The rule printed by <c>qconf -sp</c>.</summary>
    /// <exception cref="SgeFormatException">No <c>allocation_rule</c> line.</exception>
    public static string ReadAllocationRule(string output, string command)
    {
        foreach (var line in output.Split('\n'))
        {
            var fields = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields is ["allocation_rule", var rule])
            {
                return rule;
            }
        }
        throw new SgeFormatException($"'{command}' printed no allocation_rule line");
    }

    /// <summary>How many of a job's <paramref name="slots"/> go to one host: all of them with <c>$pe_slots</c>, n
    /// with an integer rule, and no fixed number (null) with <c>$fill_up</c> or <c>$round_robin</c> (KEEP).</summary>
    /// <exception cref="FormatException">Another rule.</exception>
    public static int? SlotsPerHost(string rule, int slots) => rule switch
    {
        "$pe_slots" => Math.Max(1, slots),
        "$fill_up" or "$round_robin" => null,
        _ when int.TryParse(rule, NumberStyles.None, CultureInfo.InvariantCulture, out var perHost) && perHost > 0 => perHost,
        _ => throw new FormatException($"the allocation rule '{rule}' is not $pe_slots, $fill_up, $round_robin or a number of slots"),
    };
}
