using System.Globalization;
using System.Text;
using Clues.Core.Model;

namespace Clues.Core.Api.Formatting;

/// <summary>
/// The two forms of CLUES' <c>get_node_description</c>: <c>Node.toxml()</c> and <c>Node.tokeywordstr()</c>.
/// Every attribute in declaration order, values as Python prints them, no XML escaping (as CLUES).
/// </summary>
/// <remarks>
/// Numbers: slots and memory follow <see cref="PythonNumber.Infer"/>; timestamps are always floats (CLUES takes
/// them from <c>time.time()</c>); ids, states and failure counters are ints; booleans are <c>True</c>/<c>False</c>.
/// </remarks>
public static class NodeDescriptionFormatter
{
    /// <summary><c>&lt;node&gt;&lt;name&gt;wn1&lt;/name&gt;…&lt;/node&gt;</c>.</summary>
    public static string ToXml(NodeSnapshot node)
    {
        var sb = new StringBuilder("<node>");
        foreach (var (name, value) in Attributes(node))
        {
            sb.Append('<').Append(name).Append('>').Append(value).Append("</").Append(name).Append('>');
        }
        return sb.Append("</node>").ToString();
    }

    /// <summary><c>name=wn1;slots_count=2;…;keywords=hostname="wn1";;id=1;…</c>.</summary>
    public static string ToKeywordString(NodeSnapshot node) =>
        string.Join(';', Attributes(node).Select(a => a.Name + "=" + a.Value));

    /// <summary>
    /// CLUES' <c>TypedDict2Str</c>: <c>k="v";</c> for strings, <c>k=v;</c> otherwise (lists as Python lists).
    /// </summary>
    public static string Keywords(IReadOnlyDictionary<string, KeywordValue> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        var sb = new StringBuilder();
        foreach (var (key, value) in keywords)
        {
            sb.Append(key).Append('=');
            if (value.Type == KeywordType.String)
            {
                sb.Append('"').Append(value.Text).Append('"');
            }
            else
            {
                sb.Append(KeywordRepr(value));
            }
            sb.Append(';');
        }
        return sb.ToString();
    }

    /// <summary>The attributes in CLUES' declaration order, values already rendered.</summary>
    public static IReadOnlyList<(string Name, string Value)> Attributes(NodeSnapshot node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return
        [
            ("name", node.Name),
            ("slots_count", PythonNumber.Infer(node.SlotsCount).ToString()),
            ("slots_free", PythonNumber.Infer(node.SlotsFree).ToString()),
            ("slots_free_original", PythonNumber.Infer(node.SlotsFreeOriginal).ToString()),
            ("memory_total", PythonNumber.Infer(node.MemoryTotal).ToString()),
            ("memory_free", PythonNumber.Infer(node.MemoryFree).ToString()),
            ("memory_free_original", PythonNumber.Infer(node.MemoryFreeOriginal).ToString()),
            ("state", Int((int)node.State)),
            ("keywords", Keywords(node.Keywords)),
            ("id", Int(node.Id)),
            ("timestamp_created", PythonRepr.Float(node.TimestampCreated)),
            ("timestamp_state", PythonRepr.Float(node.TimestampState)),
            ("timestamp_info", PythonRepr.Float(node.TimestampInfo)),
            ("timestamp_poweredon", PythonRepr.Float(node.TimestampPoweredOn)),
            ("timestamp_poweredoff", PythonRepr.Float(node.TimestampPoweredOff)),
            ("power_on_operation_failed", Int(node.PowerOnOperationFailed)),
            ("power_off_operation_failed", Int(node.PowerOffOperationFailed)),
            ("enabled", PythonRepr.Bool(node.Enabled)),
            ("prev_state", Int((int)node.PrevState)),
            ("prev_timestamp_state", PythonRepr.Float(node.PrevTimestampState)),
            ("prev_timestamp_poweredon", PythonRepr.Float(node.PrevTimestampPoweredOn)),
            ("prev_timestamp_poweredoff", PythonRepr.Float(node.PrevTimestampPoweredOff)),
            ("prev_power_on_operation_failed", Int(node.PrevPowerOnOperationFailed)),
            ("prev_power_off_operation_failed", Int(node.PrevPowerOffOperationFailed)),
        ];
    }

    private static string KeywordRepr(KeywordValue value) => value.Type switch
    {
        KeywordType.String => PythonRepr.Str(value.Text ?? ""),
        KeywordType.Number => PythonRepr.Number(value.Number),
        KeywordType.Boolean => PythonRepr.Bool(value.Boolean),
        KeywordType.List => "[" + string.Join(", ", (value.Items ?? []).Select(KeywordRepr)) + "]",
        _ => "None",
    };

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
