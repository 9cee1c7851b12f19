using System.Globalization;
using System.Numerics;
using System.Text;

namespace Clues.Core.Requirements;

/// <summary>
/// Python 3 <c>repr</c> of the value kinds CLUES prints in node descriptions (<c>int</c>, <c>float</c>,
/// <c>str</c>, <c>bool</c>, <c>None</c>), so the port renders keywords byte for byte like the original.
/// </summary>
internal static class PythonRepr
{
    /// <summary><c>repr(int)</c> of an integral double: all digits, no exponent (Python ints are exact).</summary>
    public static string Integer(double value) =>
        Math.Abs(value) < 9e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : new BigInteger(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>repr(float)</c>: the shortest round-trip digits, fixed notation with at least one decimal
    /// (<c>2.0</c>) unless the decimal exponent is below -4 or above 16 (<c>1e-05</c>, <c>1e+16</c>).
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // .NET's "R" is the shortest round-trip form too; only its layout differs from Python's.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative)
        {
            r = r[1..];
        }

        var exponentAt = r.IndexOf('E', StringComparison.Ordinal);
        var exponent = exponentAt < 0 ? 0 : int.Parse(r.AsSpan(exponentAt + 1), CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? r : r[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        // value = 0.<digits> * 10^decimalPoint
        var decimalPoint = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        decimalPoint -= leadingZeros;
        var text = decimalPoint is < -3 or > 16
            ? Scientific(digits, decimalPoint - 1)
            : Fixed(digits, decimalPoint);
        return negative ? "-" + text : text;
    }

    /// <summary>
    /// <c>repr(str)</c>: single quotes unless the text holds a single quote and no double quote; backslash,
    /// the quote, tab, newline and carriage return escaped; other non-printable characters as \x, \u or \U.
    /// </summary>
    public static string String(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                default:
                    if (rune.Value == quote)
                    {
                        sb.Append('\\').Append(quote);
                    }
                    else if (IsPrintable(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else
                    {
                        sb.Append(rune.Value switch
                        {
                            < 0x100 => $"\\x{rune.Value:x2}",
                            < 0x10000 => $"\\u{rune.Value:x4}",
                            _ => $"\\U{rune.Value:x8}",
                        });
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }

    /// <summary><c>repr(bool)</c>.</summary>
    public static string Boolean(bool value) => value ? "True" : "False";

    private static string Fixed(string digits, int decimalPoint)
    {
        if (decimalPoint <= 0)
        {
            return "0." + new string('0', -decimalPoint) + digits;
        }

        return decimalPoint >= digits.Length
            ? digits + new string('0', decimalPoint - digits.Length) + ".0"
            : digits[..decimalPoint] + "." + digits[decimalPoint..];
    }

    private static string Scientific(string digits, int exponent)
    {
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        var sign = exponent < 0 ? '-' : '+';
        return $"{mantissa}e{sign}{Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)}";
    }

    // Python's str.isprintable: everything but the "Other" and "Separator" categories, space excepted.
    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
}
