using System.Globalization;

namespace Clues.Core.Requirements;

/// <summary>
/// Python's <c>float(text)</c> and <c>int(text)</c> acceptance rules, which CLUES' "auto" keyword conversion
/// (<c>TypedClass.auto</c>) relies on to decide whether a plugin's text is a NUMBER.
/// </summary>
/// <remarks>
/// Accepted: surrounding whitespace, an optional sign, digits with single underscores between them
/// (<c>1_000</c>), a fraction (<c>5.</c>, <c>.5</c>), an exponent, and for floats <c>inf</c>, <c>infinity</c> and
/// <c>nan</c> in any case. Python also accepts non-ASCII decimal digits; this port does not (no plugin emits them).
/// </remarks>
internal static class PythonNumberSyntax
{
    /// <summary>Parses like Python's <c>float(text)</c>; false where Python raises <c>ValueError</c>.</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        var s = Strip(text);
        if (s.IsEmpty)
        {
            return false;
        }

        var negative = s[0] == '-';
        var unsigned = s[0] is '+' or '-' ? s[1..] : s;
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        var i = 0;
        var intDigits = ScanDigitPart(unsigned, ref i);
        var fracDigits = 0;
        if (i < unsigned.Length && unsigned[i] == '.')
        {
            i++;
            fracDigits = ScanDigitPart(unsigned, ref i);
            if (fracDigits < 0)
            {
                return false;
            }
        }

        if (intDigits < 0 || intDigits + fracDigits == 0)
        {
            return false;
        }

        if (i < unsigned.Length && unsigned[i] is 'e' or 'E')
        {
            i++;
            if (i < unsigned.Length && unsigned[i] is '+' or '-')
            {
                i++;
            }

            if (ScanDigitPart(unsigned, ref i) <= 0)
            {
                return false;
            }
        }

        if (i != unsigned.Length)
        {
            return false;
        }

        value = double.Parse(WithoutUnderscores(s), NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Whether Python's <c>int(text)</c> (base 10) accepts the text.</summary>
    public static bool IsPythonInt(string text)
    {
        var s = Strip(text);
        if (!s.IsEmpty && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        var i = 0;
        return ScanDigitPart(s, ref i) > 0 && i == s.Length;
    }

    private static ReadOnlySpan<char> Strip(string text)
    {
        var (start, end) = PythonText.StripRange(text);
        return text.AsSpan(start, end - start);
    }

    // Scans `digit (["_"] digit)*`; returns the number of digits (0 when none), or -1 for a misplaced underscore.
    private static int ScanDigitPart(ReadOnlySpan<char> s, ref int i)
    {
        var digits = 0;
        while (i < s.Length)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                digits++;
                i++;
            }
            else if (s[i] == '_' && digits > 0 && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                i++;
            }
            else if (s[i] == '_')
            {
                return -1;
            }
            else
            {
                break;
            }
        }

        return digits;
    }

    private static string WithoutUnderscores(ReadOnlySpan<char> s) =>
        s.Contains('_') ? s.ToString().Replace("_", string.Empty, StringComparison.Ordinal) : s.ToString();
}
