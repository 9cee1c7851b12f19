using System.Globalization;

namespace Clues.Plugins.Sge;

/// <summary>Grid Engine memory values (<c>memory_specifier</c> in sge_types(1)) in bytes.</summary>
internal static class SgeMemory
{
    /// <summary>Reads <c>1G</c>, <c>512M</c>, <c>23.5G</c>, <c>100k</c>, <c>4096</c>: <c>k m g t</c> are powers of 1000 and
    /// <c>K M G T</c> powers of 1024, as in CLUES and sge_types(1).</summary>
    /// <remarks>FIX: CLUES read an unreadable value as -1 times the multiplier (a negative size); here it is refused.</remarks>
    public static bool TryParse(string text, out double bytes)
    {
        bytes = 0;
        var value = text.Trim().TrimEnd('.');
        if (value.Length == 0)
        {
            return false;
        }
        var multiplier = value[^1] switch
        {
            'k' => 1e3,
            'm' => 1e6,
            'g' => 1e9,
            't' => 1e12,
            'K' => 1024d,
            'M' => 1024d * 1024,
            'G' => 1024d * 1024 * 1024,
            'T' => 1024d * 1024 * 1024 * 1024,
            _ => 1d,
        };
        var number = multiplier == 1 ? value : value[..^1];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount))
        {
            return false;
        }
        bytes = amount * multiplier;
        return true;
    }
}
