using System.Globalization;

namespace Clues.Core.Reports;

/// <summary>Numbers as people read them in reports: memory in KiB/MiB/GiB/TiB, durations as h:mm, shares as %.</summary>
public static class HumanUnits
{
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>An amount of memory given in bytes: <c>512 MiB</c>, <c>1.5 GiB</c>, <c>0 B</c>.</summary>
    public static string Bytes(double bytes)
    {
        var value = Math.Abs(bytes);
        var unit = 0;
        while (value >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var text = value.ToString(value >= 100 || unit == 0 ? "0" : value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
        return (bytes < 0 ? "-" : "") + text + " " + ByteUnits[unit];
    }

    /// <summary>A duration as <c>h:mm</c> (<c>0:05</c>, <c>27:40</c>); under a minute, in seconds (<c>12 s</c>).</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "-";
        }
        if (Math.Abs(seconds) < 59.5)
        {
            return Math.Round(seconds).ToString("0", CultureInfo.InvariantCulture) + " s";
        }
        var minutes = Math.Round(Math.Abs(seconds) / 60);
        return (seconds < 0 ? "-" : "") + Math.Floor(minutes / 60).ToString("0", CultureInfo.InvariantCulture) + ":" + (minutes % 60).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction (0–1) as a percentage with one decimal: <c>42.9 %</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>A count of slots: whole numbers without decimals, others with up to two (<c>1.5</c>).</summary>
    public static string Slots(double slots) => slots.ToString("0.##", CultureInfo.InvariantCulture);
}
