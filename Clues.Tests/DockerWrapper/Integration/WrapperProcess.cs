using System.Diagnostics;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>The wrapper as a real process (<c>dotnet docker-wrapper.dll</c>), for crash tests.</summary>
internal sealed class WrapperProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WrapperProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public DockerCli Cli => new($"tcp://127.0.0.1:{Port}");

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<WrapperProcess> StartAsync(string upstream, string databasePath, int? port = null)
    {
        port ??= LoopbackPort.Free();
        var dll = Path.Combine(AppContext.BaseDirectory, "docker-wrapper.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--listen", $"127.0.0.1:{port}", "--upstream", upstream, "--db", databasePath })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var log = File.AppendText(databasePath + ".log");
        _ = process.StandardError.BaseStream.CopyToAsync(log.BaseStream);
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var wrapper = new WrapperProcess(process, port.Value);
        var deadline = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = wrapper.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                await http.GetStringAsync("jobs/num");
                return wrapper;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await wrapper.DisposeAsync();
                TestEnvironment.Missing($"docker-wrapper did not come up: {ex.Message} (log {databasePath}.log)");
            }
        }
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
}
