using System.Globalization;

namespace Clues.Plugins.Pbs;

/// <summary>Torque's size values (<c>physmem=8167188kb</c>, <c>mem=2gb</c>), in bytes.</summary>
/// <remarks>
/// A number, then an optional multiplier <c>k m g t p</c> (binary, as Torque and CLUES read them) and an optional
/// unit <c>b</c> (bytes, the default) or <c>w</c> (words of 8 bytes), in any case. CLUES read only the
/// <c>kb</c>...<c>pb</c> forms and took anything else as unknown (-1); here anything else is an error.
/// </remarks>
internal static class TorqueSize
{
    /// <summary>Reads <paramref name="text"/> as a size in bytes.</summary>
    public static bool TryParse(string text, out double bytes)
    {
        bytes = 0;
        var value = text.Trim().TrimEnd('.').ToLowerInvariant();
        var end = value.Length;
        double unit = 1;
        if (end > 0 && value[end - 1] is 'b' or 'w')
        {
            unit = value[end - 1] == 'w' ? 8 : 1;
            end--;
        }
        if (end > 0 && "kmgtp".IndexOf(value[end - 1], StringComparison.Ordinal) is var power and >= 0)
        {
            unit *= Math.Pow(1024, power + 1);
            end--;
        }
        if (end == 0 || !double.TryParse(value.AsSpan(0, end), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            return false;
        }
        bytes = number * unit;
        return true;
    }
}
