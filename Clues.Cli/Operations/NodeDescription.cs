using System.Globalization;
using System.Text.RegularExpressions;
using Clues.Core.Api.Formatting;
using Clues.Core.Model;

namespace Clues.Cli.Operations;

/// <summary>
/// The human form of <c>shownode</c>, read from the XML description as CLUES' <c>Node.fromxml</c> did: ints are
/// read with <c>int(float(v))</c>, the state timestamp as a float, keywords as raw text.
/// </summary>
internal static class NodeDescription
{
    public static string ToHuman(string xml)
    {
        var name = Field(xml, "name") ?? "";
        var enabled = (Field(xml, "enabled") ?? "True").ToLowerInvariant() is "true" or "1";
        var state = (NodeState)Int(Field(xml, "state"));
        return $"Name: {name}\n"
            + $"Enabled: {(enabled ? "Yes" : "No")}\n"
            + $"State: {state.ToDisplay()}\n"
            + $"Time got current state: {PythonRepr.Float(Float(Field(xml, "timestamp_state")))}\n"
            + $"Slots (free/total): {Int(Field(xml, "slots_free"))}/{Int(Field(xml, "slots_count"))}\n"
            + $"Memory (free/total): {Int(Field(xml, "memory_free"))}/{Int(Field(xml, "memory_total"))}\n"
            + $"Times that failed power (on/off): {Int(Field(xml, "power_on_operation_failed"))}/{Int(Field(xml, "power_off_operation_failed"))}\n"
            + $"Keywords: {Field(xml, "keywords") ?? "{}"}";
    }

    // CLUES does not escape the values, so this is read as text between tags, not as XML.
    private static string? Field(string xml, string tag)
    {
        var match = Regex.Match(xml, $"<{tag}>(.*?)</{tag}>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static long Int(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? (long)Math.Truncate(value)
            : 0;

    private static double Float(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
