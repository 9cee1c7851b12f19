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

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{4}")]
    private static partial Regex Stamp();
}
