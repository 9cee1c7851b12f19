using System.Globalization;
using System.Numerics;
using System.Text;

namespace Clues.Core.Api.Formatting;

/// <summary>
/// Renders values the way CLUES' Python code printed them, so API texts match the original byte for byte:
/// <c>str(float)</c>, <c>'%.Nf' % x</c>, <c>repr(str)</c> and <c>repr(list)</c>.
/// </summary>
public static class PythonRepr
{
    /// <summary>Python's <c>str(x)</c>/<c>repr(x)</c> of a float: <c>2.0</c>, <c>0.1</c>, <c>1e+16</c>, <c>1e-05</c>, <c>inf</c>.</summary>
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
        // "R" is the shortest text that round-trips, like Python's repr; only the layout differs.
        var (negative, digits, pointPosition) = ShortestDigits(value);
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (digits.Length == 0)
        {
            return sb.Append("0.0").ToString();
        }
        // Python switches to exponent notation when the decimal point is more than 16 places right of the first
        // digit or 4 or more places left of it (float_repr_style 'short').
        if (pointPosition is > -4 and <= 16)
        {
            if (pointPosition <= 0)
            {
                sb.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
            return sb.ToString();
        }
        sb.Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }
        var exponent = pointPosition - 1;
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        sb.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>
    /// Python's <c>str</c> of a number that may have been an <c>int</c>: integral values in the exact integer range
    /// print as ints (<c>2</c>, <c>-1</c>), others as floats (<c>0.5</c>).
    /// </summary>
    public static string Number(double value) =>
        IsIntegral(value) ? ((long)value).ToString(CultureInfo.InvariantCulture) : Float(value);

    /// <summary>True when the value is integral and small enough to have been a Python int read exactly.</summary>
    public static bool IsIntegral(double value) =>
        double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) < 9.007199254740992E15;

    /// <summary>
    /// Python's <c>'%.Nf' % x</c>: the exact binary value rounded half to even (so <c>'%.0f' % 2.5</c> is <c>2</c>,
    /// where .NET's "F0" gives 3).
    /// </summary>
    public static string Fixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        var negative = double.IsNegative(value);
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = new BigInteger(bits & 0xFFFFFFFFFFFFFL);
        int exponent;
        if (exponentBits == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa += BigInteger.One << 52;
            exponent = exponentBits - 1075;
        }
        // value * 10^decimals = mantissa * 2^exponent * 10^decimals, rounded half to even to an integer.
        var scaled = mantissa * BigInteger.Pow(10, decimals);
        BigInteger rounded;
        if (exponent >= 0)
        {
            rounded = scaled << exponent;
        }
        else
        {
            var denominator = BigInteger.One << -exponent;
            var quotient = BigInteger.DivRem(scaled, denominator, out var remainder);
            var twice = remainder * 2;
            rounded = twice > denominator || (twice == denominator && !quotient.IsEven) ? quotient + 1 : quotient;
        }
        var text = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        sb.Append(text, 0, text.Length - decimals);
        if (decimals > 0)
        {
            sb.Append('.').Append(text, text.Length - decimals, decimals);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>repr(str)</c>: <c>'abc'</c>, or <c>"it's"</c> when the text has a single quote only.</summary>
    public static string Str(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\x7f': sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\');
                    }
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's <c>repr(list_of_str)</c>: <c>['a', 'b']</c>, <c>['']</c>, <c>[]</c>.</summary>
    public static string StrList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Str)) + "]";

    /// <summary>Python's <c>str(bool)</c>.</summary>
    public static string Bool(bool value) => value ? "True" : "False";

    private static (bool Negative, string Digits, int PointPosition) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var digits = dot >= 0 ? text.Remove(dot, 1) : text;
        var point = (dot >= 0 ? dot : text.Length) + exponent;
        var leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
        {
            leading++;
        }
        digits = digits[leading..].TrimEnd('0');
        return (negative, digits, point - leading);
    }
}
