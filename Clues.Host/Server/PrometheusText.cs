using System.Text;

namespace Clues.Host.Server;

/// <summary>Helpers of the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A label value with backslash, double quote and newline escaped.</summary>
    public static string EscapeLabel(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '"' => sb.Append("\\\""),
                '\n' => sb.Append("\\n"),
                _ => sb.Append(c),
            };
        }
        return sb.ToString();
    }
}
