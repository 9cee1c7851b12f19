using System.Globalization;

namespace Clues.Core.Config;

/// <summary>
/// Memory sizes written by a CLUES user (<c>KUBERNETES_NODE_MEMORY</c>, <c>NOMAD_DEFAULT_MEMORY_PER_NODE</c>, a virtual
/// node's <c>memory</c>), read with CLUES' rules: case-insensitive, <c>kib/mib/gib/tib</c>, <c>ki…ti</c>, <c>kb…tb</c>
/// and <c>k/m/g/t</c> all binary, a bare integer is bytes (KEEP, spec clues-plugins §2.5 and §2.7: <c>1 GB</c> is
/// 1073741824; the Nomad plugin's <c>8Gi</c>, <c>512M</c> are the same binary units).
/// </summary>
public static class CluesMemory
{
    /// <summary>Reads <paramref name="text"/> as a size in bytes; false when it is not one.</summary>
    public static bool TryParse(string text, out double bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        var value = text.Trim().ToLowerInvariant();
        var suffix = value.EndsWith("ib", StringComparison.Ordinal) && value.Length > 3 ? 3
            : value.Length > 2 && value[^1] is 'i' or 'b' && value[^2] is 'k' or 'm' or 'g' or 't' ? 2
            : value.Length > 1 && value[^1] is 'k' or 'm' or 'g' or 't' ? 1
            : 0;
        var unit = suffix == 0 ? ' ' : value[^suffix];
        var shift = unit switch { ' ' => 0, 'k' => 10, 'm' => 20, 'g' => 30, 't' => 40, _ => -1 };
        if (shift < 0 || !long.TryParse(value.AsSpan(0, value.Length - suffix).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        bytes = number * Math.Pow(2, shift);
        return true;
    }
}
