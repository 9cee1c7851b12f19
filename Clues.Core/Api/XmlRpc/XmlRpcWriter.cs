using System.Collections;
using System.Globalization;
using System.Text;
using Clues.Core.Api.Formatting;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// Writes XML-RPC documents in the layout Python's <c>xmlrpc</c> module uses (one element per line), so
/// captures of the original server and of this one diff cleanly.
/// </summary>
/// <remarks>
/// Accepted values: <see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/> (written as
/// <c>int</c> when it fits 32 bits, else <c>i8</c>), <see cref="double"/>, <see cref="byte"/>[],
/// <see cref="XmlRpcDateTime"/>, dictionaries with string keys (<c>struct</c>) and other sequences (<c>array</c>).
/// <c>null</c> is refused: CLUES' protocol has no <c>nil</c>.
/// </remarks>
public static class XmlRpcWriter
{
    private const string Declaration = "<?xml version='1.0'?>\n";

    /// <summary>A <c>methodResponse</c> carrying one value.</summary>
    public static string MethodResponse(object value)
    {
        var sb = new StringBuilder(Declaration).Append("<methodResponse>\n<params>\n<param>\n");
        WriteValue(sb, value, 0);
        return sb.Append("\n</param>\n</params>\n</methodResponse>\n").ToString();
    }

    /// <summary>A <c>methodResponse</c> carrying a fault.</summary>
    public static string Fault(int faultCode, string faultString)
    {
        var sb = new StringBuilder(Declaration).Append("<methodResponse>\n<fault>\n");
        WriteValue(sb, new Dictionary<string, object> { ["faultCode"] = faultCode, ["faultString"] = faultString }, 0);
        return sb.Append("\n</fault>\n</methodResponse>\n").ToString();
    }

    /// <summary>A <c>methodCall</c>.</summary>
    public static string MethodCall(string methodName, IEnumerable<object> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        var sb = new StringBuilder(Declaration).Append("<methodCall>\n<methodName>");
        Escape(sb, methodName);
        sb.Append("</methodName>\n<params>\n");
        foreach (var parameter in parameters)
        {
            sb.Append("<param>\n");
            WriteValue(sb, parameter, 0);
            sb.Append("\n</param>\n");
        }
        return sb.Append("</params>\n</methodCall>\n").ToString();
    }

    private static void WriteValue(StringBuilder sb, object? value, int depth)
    {
        if (depth > XmlRpcReader.MaxDepth)
        {
            throw new ArgumentException($"XML-RPC values nested deeper than {XmlRpcReader.MaxDepth} levels");
        }
        sb.Append("<value>");
        switch (value)
        {
            case null:
                throw new ArgumentException("XML-RPC as spoken by CLUES has no nil: a null value cannot be sent");
            case string s:
                sb.Append("<string>");
                Escape(sb, s);
                sb.Append("</string>");
                break;
            case bool b:
                sb.Append("<boolean>").Append(b ? '1' : '0').Append("</boolean>");
                break;
            case int or short or byte or sbyte or ushort:
                sb.Append("<int>").Append(Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).Append("</int>");
                break;
            case long or uint:
                var l = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                var tag = l is >= int.MinValue and <= int.MaxValue ? "int" : "i8";
                sb.Append('<').Append(tag).Append('>').Append(l.ToString(CultureInfo.InvariantCulture)).Append("</").Append(tag).Append('>');
                break;
            case double or float:
                sb.Append("<double>").Append(PythonRepr.Float(Convert.ToDouble(value, CultureInfo.InvariantCulture))).Append("</double>");
                break;
            case byte[] bytes:
                sb.Append("<base64>\n").Append(Convert.ToBase64String(bytes)).Append("\n</base64>");
                break;
            case XmlRpcDateTime dateTime:
                sb.Append("<dateTime.iso8601>");
                Escape(sb, dateTime.Text);
                sb.Append("</dateTime.iso8601>");
                break;
            case IEnumerable<KeyValuePair<string, object>> members:
                sb.Append("<struct>\n");
                foreach (var (name, member) in members)
                {
                    sb.Append("<member>\n<name>");
                    Escape(sb, name);
                    sb.Append("</name>\n");
                    WriteValue(sb, member, depth + 1);
                    sb.Append("\n</member>\n");
                }
                sb.Append("</struct>");
                break;
            case IEnumerable items:
                sb.Append("<array><data>\n");
                foreach (var item in items)
                {
                    WriteValue(sb, item, depth + 1);
                    sb.Append('\n');
                }
                sb.Append("</data></array>");
                break;
            default:
                throw new ArgumentException($"type {value.GetType().Name} cannot be sent over XML-RPC");
        }
        sb.Append("</value>");
    }

    // Python's xmlrpc escapes only &, < and >. Characters XML 1.0 cannot carry at all (most control characters)
    // would make the whole response unreadable, so they are replaced.
    private static void Escape(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r': sb.Append("&#13;"); break;
                case '\t' or '\n': sb.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': sb.Append('\uFFFD'); break;
                default: sb.Append(c); break;
            }
        }
    }
}
