using System.Globalization;

namespace Clues.Core.Reports;

/// <summary>
/// The period a report covers, from the <c>--from</c>/<c>--to</c> values of <c>cluesreports</c> (spec §11), resolved
/// against what the database holds.
/// </summary>
/// <remarks>
/// A time is Unix seconds, an ISO 8601 date (<c>2026-12-03T08:00Z</c>; no zone means UTC), <c>now</c>, or a negative
/// offset in seconds or with a unit (<c>-3600</c>, <c>-90m</c>, <c>-6h</c>, <c>-2d</c>). As in <c>cluesreports</c>: no
/// <c>--to</c> (or 0) is the last instant in the database and a negative one is relative to it; no <c>--from</c> is the
/// first instant and a negative one is relative to the end.
/// </remarks>
/// <param name="From">The first instant, Unix seconds.</param>
/// <param name="To">The last instant, Unix seconds.</param>
public readonly record struct ReportPeriod(double From, double To)
{
    // 0001-01-01 and 9999-12-31T23:59:59 in Unix seconds: the instants a date can name.
    private const double FirstSecond = -62135596800;
    private const double LastSecond = 253402300799;

    /// <summary>The length of the period in seconds.</summary>
    public double Seconds => To - From;

    /// <summary>Resolves the user's values against the database's extent and the current time.</summary>
    /// <exception cref="ReportException">A value cannot be read, or the period ends before it begins.</exception>
    public static ReportPeriod Resolve(string? from, string? to, (double First, double Last) extent, DateTimeOffset now)
    {
        var end = Parse(to, "--to", now) switch
        {
            null or (0, false) => extent.Last,
            (var offset, true) => extent.Last + offset,
            (var absolute, false) => absolute,
        };
        var start = Parse(from, "--from", now) switch
        {
            null => extent.First,
            (var offset, true) => end + offset,
            (var absolute, false) => absolute,
        };
        foreach (var (value, option) in new[] { (start, "--from"), (end, "--to") })
        {
            if (value is < FirstSecond or > LastSecond)
            {
                throw new ReportException($"{option} lies outside the years 1 to 9999 ({value.ToString("G6", CultureInfo.InvariantCulture)} s from 1970)");
            }
        }
        if (start > end)
        {
            throw new ReportException($"the period is empty: --from {Format(start)} is after --to {Format(end)}");
        }
        return new ReportPeriod(start, end);
    }

    /// <summary>An instant as ISO 8601 in UTC, to the second.</summary>
    public static string Format(double unixSeconds) =>
        DateTimeOffset.UnixEpoch.AddSeconds(Math.Clamp(unixSeconds, FirstSecond, LastSecond)).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // (value, relative): a relative value is a negative offset.
    private static (double Value, bool Relative)? Parse(string? text, string option, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }
        var value = text.Trim();
        if (value.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return ((now - DateTimeOffset.UnixEpoch).TotalSeconds, false);
        }
        if (value.StartsWith('-') && value.Length > 1 && Offset(value[1..]) is { } seconds)
        {
            return (-seconds, true);
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0)
        {
            return (number, false);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return ((date - DateTimeOffset.UnixEpoch).TotalSeconds, false);
        }
        throw new ReportException($"{option} '{text}' is not a time: use Unix seconds, an ISO 8601 date, 'now', or a negative offset such as -3600, -90m, -6h, -2d");
    }

    private static double? Offset(string text)
    {
        var unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        var digits = unit == 0 ? text : text[..^1];
        return double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number * Math.Max(unit, 1)
            : null;
    }
}
