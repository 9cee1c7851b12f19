using System.Globalization;

namespace Clues.Plugins.Mesos;

/// <summary>
/// A virtual node's <c>memory</c> with CLUES' Mesos rules (<c>get_memory_in_bytes</c>): a binary suffix <c>Ki Mi Gi Ti</c>
/// or <c>K M G T</c>, upper case as written, or a bare number of bytes (KEEP: <c>1 GB</c> and <c>512m</c> are not sizes here).
/// </summary>
internal static class MesosMemory
{
    public static bool TryParse(string text, out double bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        var value = text.Trim();
        var suffix = value.Length > 2 && value[^1] == 'i' && value[^2] is 'K' or 'M' or 'G' or 'T' ? 2
            : value.Length > 1 && value[^1] is 'K' or 'M' or 'G' or 'T' ? 1
            : 0;
        var shift = suffix == 0 ? 0 : value[^suffix] switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 40 };
        if (!long.TryParse(value.AsSpan(0, value.Length - suffix), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }
        bytes = number * Math.Pow(2, shift);
        return true;
    }
}
