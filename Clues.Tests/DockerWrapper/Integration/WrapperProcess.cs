using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// The wrapper as a real process (<c>dotnet docker-wrapper.dll</c>), for crash, hostile-client and listener tests.
/// A wrapper that exits or does not answer within 30 s fails the test: that is the product failing, not a missing
/// prerequisite.
/// </summary>
internal sealed class WrapperProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private WrapperProcess(Process process, string dockerHost, string logPath)
    {
        _process = process;
        DockerHost = dockerHost;
        LogPath = logPath;
    }

    /// <summary>The DOCKER_HOST that reaches the wrapper (<c>tcp://127.0.0.1:PORT</c> or <c>unix:///path</c>).</summary>
    public string DockerHost { get; }

    /// <summary>The wrapper's standard error.</summary>
    public string LogPath { get; }

    public int Port => DockerHost.StartsWith("tcp://", StringComparison.Ordinal)
        ? int.Parse(DockerHost[(DockerHost.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)
        : throw new InvalidOperationException("the wrapper listens on a unix socket");

    public int ProcessId => _process.Id;

    public DockerCli Cli => new(DockerHost);

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Plain TCP on loopback (<c>--insecure-tcp</c>), as the crash tests use it.</summary>
    public static Task<WrapperProcess> StartAsync(string upstream, string databasePath, int? port = null)
    {
        port ??= LoopbackPort.Free();
        return StartAsync(databasePath, $"tcp://127.0.0.1:{port}",
            ["--listen", $"127.0.0.1:{port}", "--insecure-tcp", "--upstream", upstream]);
    }

    /// <summary>Starts the wrapper with <paramref name="arguments"/> (plus <c>--db</c>) and waits until it answers at <paramref name="dockerHost"/>.</summary>
    public static Task<WrapperProcess> StartAsync(string databasePath, string dockerHost, IEnumerable<string> arguments) =>
        StartAsync(databasePath, dockerHost, arguments, async wrapper =>
        {
            using var http = wrapper.CreateHttpClient(TimeSpan.FromSeconds(2));
            await http.GetStringAsync("jobs/num");
        });

    /// <summary>Starts a wrapper with a TLS listener on <paramref name="port"/>; ready once the port accepts connections.</summary>
    public static Task<WrapperProcess> StartTlsAsync(string databasePath, int port, IEnumerable<string> arguments) =>
        StartAsync(databasePath, $"tcp://127.0.0.1:{port}", arguments, async _ =>
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
        });

    private static async Task<WrapperProcess> StartAsync(string databasePath, string dockerHost, IEnumerable<string> arguments, Func<WrapperProcess, Task> probe)
    {
        var logPath = databasePath + ".log";
        var (process, _) = Launch(arguments.Concat(["--db", databasePath]), logPath);
        var wrapper = new WrapperProcess(process, dockerHost, logPath);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await probe(wrapper);
                return wrapper;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
            {
                if (process.HasExited || deadline.Elapsed > s_startTimeout)
                {
                    var exited = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not answer within {s_startTimeout.TotalSeconds} s";
                    await wrapper.DisposeAsync();
                    Assert.Fail($"docker-wrapper {exited}: {ex.Message}\n{await File.ReadAllTextAsync(logPath)}");
                }
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs the wrapper expecting it to refuse to start; returns its exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunToExitAsync(IEnumerable<string> arguments, string logPath, CancellationToken ct)
    {
        var (process, logged) = Launch(arguments, logPath);
        using var _ = process;
        try
        {
            await process.WaitForExitAsync(ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        await process.WaitForExitAsync(CancellationToken.None);
        await logged;
        return (process.ExitCode, await File.ReadAllTextAsync(logPath, CancellationToken.None));
    }

    /// <summary>An HTTP client for the wrapper's own endpoints, over TCP or its unix socket.</summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null)
    {
        if (!DockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            return new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        }
        var http = Clues.Plugins.Docker.Wrapper.WrapperHttp.CreateClient(new Uri(DockerHost), timeout ?? TimeSpan.FromSeconds(100), out var baseAddress);
        http.BaseAddress = baseAddress;
        return http;
    }

    /// <summary>The kernel's figure for the process: <c>VmRSS</c> (now) or <c>VmHWM</c> (peak) from /proc, in bytes.</summary>
    public long MemoryBytes(string field = "VmRSS")
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>Starts the process; the task completes once all its standard error is in <paramref name="logPath"/>.</summary>
    private static (Process Process, Task Logged) Launch(IEnumerable<string> arguments, string logPath)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "docker-wrapper.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        // No clues2.cfg from the machine or the working directory: only what the test passes.
        start.WorkingDirectory = Path.GetDirectoryName(logPath)!;
        start.Environment["HOME"] = Path.GetDirectoryName(logPath)!;
        var process = Process.Start(start)!;
        var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, useAsync: true);
        var logged = CopyAndCloseAsync(process.StandardError.BaseStream, log);
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        return (process, logged);
    }

    private static async Task CopyAndCloseAsync(Stream from, Stream to)
    {
        await using (to)
        {
            await from.CopyToAsync(to);
        }
    }
}
