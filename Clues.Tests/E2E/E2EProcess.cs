using System.Diagnostics;

namespace Clues.Tests.E2E;

/// <summary>A .NET program of the solution run as a real process (<c>dotnet NAME.dll ...</c>), its output in a log file.</summary>
internal sealed class E2EProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _pump;

    private E2EProcess(Process process, string logPath, Task pump)
    {
        _process = process;
        LogPath = logPath;
        _pump = pump;
    }

    /// <summary>Where standard output and error go.</summary>
    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> from the test's output folder.</summary>
    public static E2EProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start dotnet {dll}");
        // Unbuffered: the test reads the log while the process runs.
        var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        var pump = Task.WhenAll(
            process.StandardError.BaseStream.CopyToAsync(log),
            process.StandardOutput.BaseStream.CopyToAsync(log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new E2EProcess(process, logPath, pump);
    }

    /// <summary>The log so far (readable while the process writes it).</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }
}
