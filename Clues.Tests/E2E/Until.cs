using System.Diagnostics;
using NUnit.Framework;

namespace Clues.Tests.E2E;

/// <summary>Bounded polling: every wait of the E2E tests has a deadline and says what it waited for.</summary>
internal static class Until
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="condition"/> until true; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, CancellationToken ct, Func<string>? describe = null)
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
                last = null;
            }
            catch (Exception ex) when (ex is not AssertionException && !ct.IsCancellationRequested)
            {
                // Includes an HTTP timeout (a TaskCanceledException): CLUES answers late while a power command runs.
                last = ex;
            }
            if (watch.Elapsed >= timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}" +
                    (last is null ? "" : $" (last error: {last.Message})") + (describe is null ? "" : "\n" + describe()));
            }
            await Task.Delay(s_poll, ct);
        }
    }
}
