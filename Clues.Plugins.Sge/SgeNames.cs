namespace Clues.Plugins.Sge;

/// <summary>Checks names read from Grid Engine or from a job before they go into a command line or a CLUES
/// requirement expression.</summary>
internal static class SgeNames
{
    /// <summary>Whether <paramref name="name"/> is a plain host, queue, group or parallel environment name: no space,
    /// quote, backslash or shell character, so it can be quoted in an expression and passed to a command as is.</summary>
    public static bool IsPlain(string name) =>
        name.Length is > 0 and <= 255 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' or '+');

    /// <summary>Whether <paramref name="name"/> is a Grid Engine wildcard pattern (sge_types(1)), which a CLUES
    /// requirement cannot express.</summary>
    public static bool IsPattern(string name) => name.AsSpan().IndexOfAny(PatternCharacters) >= 0;

    /// <summary>Whether <paramref name="name"/> is a pattern made of plain name characters and wildcards only.</summary>
    public static bool IsPlainPattern(string name) =>
        IsPattern(name) && IsPlain(string.Concat(name.Select(c => PatternCharacters.Contains(c, StringComparison.Ordinal) ? 'x' : c)));

    /// <summary>The characters of Grid Engine's wildcard patterns.</summary>
    public const string PatternCharacters = "*?[]!|&";
}
