using System.Globalization;

namespace Clues.Plugins.Slurm;

/// <summary>Slurm memory figures in bytes, the unit the rest of CLUES uses for memory.</summary>
/// <remarks>
/// FIX (spec plugins §2.1, slurm-lab §9): CLUES read a node's <c>RealMemory</c>/<c>AllocMem</c> as gigabytes (1024 times
/// too much) and a job's <c>MinMemoryNode</c> with an appended <c>.MB</c>, so Slurm's own unit suffix (<c>1500M</c>)
/// made it -1. Slurm prints node memory as plain megabytes (MiB) and job memory as a number with an optional
/// K/M/G/T suffix, megabytes by default; all are powers of 1024.
/// </remarks>
internal static class SlurmMemory
{
    public const double BytesPerMegabyte = 1024 * 1024;

    /// <summary>Bytes in <paramref name="megabytes"/> MiB.</summary>
    public static double FromMegabytes(long megabytes) => megabytes * BytesPerMegabyte;

    /// <summary>Bytes in a Slurm size such as <c>1500M</c>, <c>2G</c>, <c>512K</c> or <c>1024</c> (megabytes).</summary>
    /// <returns>False when <paramref name="text"/> is not such a size.</returns>
    public static bool TryParse(string text, out double bytes)
    {
        bytes = 0;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }
        var multiplier = char.ToUpperInvariant(span[^1]) switch
        {
            'K' => 1.0 / 1024,
            'M' => 1.0,
            'G' => 1024.0,
            'T' => 1024.0 * 1024,
            'P' => 1024.0 * 1024 * 1024,
            _ => double.NaN,
        };
        if (!double.IsNaN(multiplier))
        {
            span = span[..^1];
        }
        else
        {
            multiplier = 1.0;
        }
        if (!double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return false;
        }
        bytes = value * multiplier * BytesPerMegabyte;
        return true;
    }
}
