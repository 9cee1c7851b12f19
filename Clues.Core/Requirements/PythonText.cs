namespace Clues.Core.Requirements;

/// <summary>Python's notion of whitespace, which CLUES uses to strip each requirement before evaluating it.</summary>
internal static class PythonText
{
    /// <summary>Whether the text is empty or only whitespace (CLUES counts such a requirement as met).</summary>
    public static bool IsBlank(string text)
    {
        foreach (var c in text)
        {
            if (!IsWhitespace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The range <c>str.strip()</c> keeps: [start, end).</summary>
    public static (int Start, int End) StripRange(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsWhitespace(text[start]))
        {
            start++;
        }

        while (end > start && IsWhitespace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    // str.isspace() also counts the separators \x1c-\x1f, which .NET does not.
    private static bool IsWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
