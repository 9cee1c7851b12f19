using System.Globalization;
using System.Text;

namespace Clues.Plugins.Condor;

/// <summary>
/// One HTCondor ClassAd as printed by <c>condor_status -long</c> / <c>condor_q -long</c>: attribute names
/// (case-insensitive, as in ClassAds) to their expression text, with the line each came from. Only literal values are
/// read (strings, numbers, booleans); expressions are kept as text, never evaluated.
/// </summary>
internal sealed class ClassAd(string source, int lineNumber)
{
    private readonly Dictionary<string, (string Expression, int Line)> _attributes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The 1-based line where the ad starts.</summary>
    public int LineNumber { get; } = lineNumber;

    /// <summary>How many attributes the ad has.</summary>
    public int Count => _attributes.Count;

    /// <summary>Sets an attribute (a later one of the same name wins, as in ClassAds).</summary>
    public void Set(string name, string expression, int line) => _attributes[name] = (expression.Trim(), line);

    /// <summary>The expression text of <paramref name="name"/>, or null.</summary>
    public string? Expression(string name) => _attributes.TryGetValue(name, out var value) ? value.Expression : null;

    /// <summary>The value of a string literal attribute, or null when absent or not a string literal.</summary>
    public string? GetString(string name) => Expression(name) is { } text && TryUnquote(text, out var value) ? value : null;

    /// <summary>The value of a numeric literal attribute, or null when absent or not a number literal.</summary>
    public double? GetNumber(string name) =>
        Expression(name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    /// <summary>A string literal attribute the reader cannot do without.</summary>
    /// <exception cref="CondorFormatException">It is absent or not a string literal.</exception>
    public string RequireString(string name) => GetString(name) ?? throw Missing(name, "a string");

    /// <summary>A numeric literal attribute the reader cannot do without.</summary>
    /// <exception cref="CondorFormatException">It is absent or not a number.</exception>
    public double RequireNumber(string name) => GetNumber(name) ?? throw Missing(name, "a number");

    /// <summary>An error about this ad, at the line of <paramref name="attribute"/> when it has one.</summary>
    public CondorFormatException Error(string problem, string? attribute = null) =>
        new(source, attribute is not null && _attributes.TryGetValue(attribute, out var a) ? a.Line : LineNumber, problem);

    private CondorFormatException Missing(string name, string what) => Expression(name) is { } text
        ? Error($"{name} = {Shorten(text)} is not {what}", name)
        : Error($"the ad starting here has no {name} attribute");

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text;

    // A ClassAd string literal: "..." with backslash escapes (\" \\ \n \t ...).
    private static bool TryUnquote(string text, out string value)
    {
        value = "";
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return false;
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return false; // two strings, or an expression such as "a" + "b"
            }
            if (c == '\\' && i + 1 < text.Length - 1)
            {
                c = text[++i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other };
            }
            sb.Append(c);
        }
        value = sb.ToString();
        return true;
    }
}
