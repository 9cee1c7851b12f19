using System.Diagnostics;

namespace Clues.Tests.Common;

/// <summary>One of the project's programs (a dll next to the tests: clues-host.dll, clues.dll) run as a real process to its end.</summary>
internal static class DotnetProgram
{
    /// <summary>Runs <c>dotnet DLL ARGS</c> in <paramref name="folder"/>; the process is killed if <paramref name="ct"/> fires.</summary>
    public static Task<(int Code, string Out, string Err)> RunAsync(string dll, string folder, CancellationToken ct, params string[] args) =>
        RunAsync(dll, folder, null, null, ct, args);

    /// <summary>
    /// Runs <c>dotnet DLL ARGS</c> in <paramref name="folder"/> with <paramref name="environment"/> added, writing
    /// <paramref name="stdin"/> (when not null) to its standard input; the process is killed if <paramref name="ct"/> fires.
    /// </summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string dll, string folder, string? stdin,
        IReadOnlyDictionary<string, string>? environment, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
                process.StandardInput.Close();
            }
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
