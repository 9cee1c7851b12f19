using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Clues.Tests.Common;

namespace Clues.Tests.Host.Restart;

/// <summary>A real <c>clues-host run</c> process (the dll next to the tests), its API, and a SIGKILL.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri baseAddress, string secret)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
    }

    public Uri BaseAddress { get; }

    /// <summary>The process id (to pause it with SIGSTOP).</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;
    public HttpClient Http { get; }

    /// <summary>Starts <c>dotnet clues-host.dll run --config FILE [OPTIONS]</c> in <paramref name="folder"/> and waits until its API answers.</summary>
    public static async Task<HostProcess> StartAsync(string folder, string configFile, int port, string secret, CancellationToken ct,
        params string[] options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clues-host.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drain the pipes so the child never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { File.AppendAllText(Path.Combine(folder, "stderr.txt"), e.Data + "\n"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"), secret);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"clues-host exited with {process.ExitCode}: {ReadOrEmpty(Path.Combine(folder, "stderr.txt"))}");
            }
            try
            {
                using var response = await host.Http.GetAsync("api/nodes", ct);
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100, ct);
        }
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
    {
        using var response = await Http.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return document.RootElement.Clone();
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or <c>kill -9</c>.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
        Http.Dispose();
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
