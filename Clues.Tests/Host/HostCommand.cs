using System.Diagnostics;

namespace Clues.Tests.Host;

/// <summary>A real <c>clues-host</c> command (the dll next to the tests) run to its end.</summary>
internal static class HostCommand
{
    /// <summary>Runs <c>dotnet clues-host.dll ARGS</c> in <paramref name="folder"/>; killed if <paramref name="ct"/> fires.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string folder, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clues-host.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
