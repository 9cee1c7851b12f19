using System.Globalization;
using System.Text.RegularExpressions;

namespace Clues.Tests.E2E;

/// <summary>Reads when something happened from the processes' logs (NLog's local <c>yyyy-MM-dd HH:mm:ss.ffff</c>).</summary>
internal static partial class LogTimes
{
    /// <summary>The time of the first line containing every one of <paramref name="parts"/>, or null.</summary>
    public static DateTimeOffset? First(string log, params string[] parts)
    {
        foreach (var line in log.Split('\n'))
        {
            if (parts.All(p => line.Contains(p, StringComparison.Ordinal)) && Stamp().Match(line) is { Success: true } match)
            {
                var local = DateTime.ParseExact(match.Value, "yyyy-MM-dd HH:mm:ss.ffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal);
                return new DateTimeOffset(local);
            }
        }
        return null;
    }

    /// <summary>
    /// Waits until <paramref name="log"/> has a stamped line containing every one of <paramref name="parts"/>. A log
    /// line can be written after the effect it reports (a job may start before the power command's success line).
    /// </summary>
    public static Task LineAsync(string what, Func<string> log, CancellationToken ct, params string[] parts) =>
        Until.TrueAsync(what, TimeSpan.FromSeconds(30), () => Task.FromResult(First(log(), parts) is not null), ct,
            () => string.Join('\n', log().Split('\n').TakeLast(40)));

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{4}")]
    private static partial Regex Stamp();
}
