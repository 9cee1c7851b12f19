using System.Globalization;
using System.Text;

namespace Clues.Core.Persistence;

/// <summary>Renders string lists the way Python's <c>json.dumps</c> does (<c>["a", "b"]</c>, ASCII only), as CLUES stores them.</summary>
internal static class PythonJson
{
    public static string StringList(IEnumerable<string> items)
    {
        var sb = new StringBuilder("[");
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                sb.Append(", ");
            }
            first = false;
            sb.Append('"');
            foreach (var c in item)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20 || c > 0x7e)
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            sb.Append('"');
        }
        return sb.Append(']').ToString();
    }
}
