using System.Diagnostics;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Host.Browser;

/// <summary>
/// Debian's <c>chromium</c>, headless, on one page: <c>--dump-dom</c> gives the DOM after the page's script ran (virtual
/// time, 10 s), <c>--screenshot=FILE</c> a picture; each run has its own profile under <c>folder</c>.
/// </summary>
internal static class HeadlessChromium
{
    public static async Task<string> RunAsync(string folder, Uri page, CancellationToken ct, params string[] extra)
    {
        var start = new ProcessStartInfo(TestEnvironment.RequireProgram("chromium"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var size = extra.Any(e => e.StartsWith("--window-size", StringComparison.Ordinal)) ? [] : new[] { "--window-size=1200,900" };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + Directory.CreateDirectory(Path.Combine(folder, "chromium-" + Guid.NewGuid().ToString("N"))).FullName,
            "--virtual-time-budget=10000",
        }.Concat(size).Concat(extra).Append(page.ToString()))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.That(process.ExitCode, Is.Zero, await stderr);
        return await stdout;
    }
}
