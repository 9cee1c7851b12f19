using System.Globalization;

namespace Clues.Plugins.Sge;

/// <summary>Counts the tasks of an array job: <c>n</c>, <c>n-m</c>, <c>n-m:s</c>, or a comma list of these, as
/// <c>qstat</c> prints them in <c>&lt;tasks&gt;</c>.</summary>
internal static class SgeTaskRange
{
    /// <summary>The most tasks an array job may have (Grid Engine's <c>max_aj_tasks</c> default is 75 000).</summary>
    public const long MaxTasks = 10_000_000;

    /// <summary>The number of tasks in <paramref name="text"/>.</summary>
    /// <remarks>FIX: CLUES computed <c>(m − n) / s + 1</c> with Python 3's true division (2.5 tasks for
    /// <c>1-4:2</c>); here the count is whole, <c>(m − n) / s + 1</c> rounded down, which is what Grid Engine runs.</remarks>
    /// <exception cref="FormatException">Not a task range.</exception>
    public static long Count(string text)
    {
        long total = 0;
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                _ = Number(item, text);
                total += 1;
                continue;
            }
            var colon = item.IndexOf(':', dash);
            var first = Number(item[..dash], text);
            var last = Number(colon < 0 ? item[(dash + 1)..] : item[(dash + 1)..colon], text);
            var step = colon < 0 ? 1 : Number(item[(colon + 1)..], text);
            if (step == 0)
            {
                throw new FormatException($"the task range '{text}' has a step of 0");
            }
            total += Count(first, last, step);
        }
        return total <= MaxTasks ? total : throw new FormatException($"the task range '{text}' has more than {MaxTasks} tasks");
    }

    /// <summary>The tasks from <paramref name="first"/> to <paramref name="last"/> every <paramref name="step"/>.</summary>
    public static long Count(long first, long last, long step) =>
        step <= 0 ? 1 : (Math.Abs(last - first) / step) + 1;

    private static long Number(string text, string range) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxTasks
            ? value
            : throw new FormatException($"'{range}' is not a task range (n, n-m, n-m:s or a comma list of them)");
}
