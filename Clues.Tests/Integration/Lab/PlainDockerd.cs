using System.Diagnostics;
using Clues.Tests.Common;

namespace Clues.Tests.Integration.Lab;

/// <summary>
/// One dockerd in a temporary folder with its own unix socket and no networking of its own (no bridge, no
/// iptables), with <c>local/busybox:latest</c> imported: the quick engine for tests that need no Swarm.
/// </summary>
public sealed class PlainDockerd : IAsyncDisposable
{
    private readonly Process _process;

    private PlainDockerd(string directory, Process process)
    {
        Directory = directory;
        _process = process;
    }

    /// <summary>The folder holding the socket, data and logs.</summary>
    public string Directory { get; }

    /// <summary>The engine's unix socket.</summary>
    public string Socket => Path.Combine(Directory, "docker.sock");

    /// <summary>A CLI talking to this engine directly.</summary>
    public DockerCli Cli => new("unix://" + Socket);

    /// <summary>Starts the engine and imports the image; needs root and dockerd (checked by the caller).</summary>
    /// <param name="ct">Cancels the start.</param>
    /// <param name="extraArguments">More dockerd options, e.g. a TCP listener with TLS.</param>
    public static async Task<PlainDockerd> StartAsync(CancellationToken ct, params string[] extraArguments)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("clues-dockerd-").FullName;
        var start = new ProcessStartInfo("dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--host", "unix://" + Path.Combine(dir, "docker.sock"), "--data-root", Path.Combine(dir, "data"),
                     "--exec-root", Path.Combine(dir, "exec"), "--pidfile", Path.Combine(dir, "docker.pid"),
                     "--bridge", "none", "--iptables=false", "--ip-masq=false" }.Concat(extraArguments))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dockerd did not start");
        var log = File.CreateText(Path.Combine(dir, "dockerd.log"));
        _ = process.StandardError.BaseStream.CopyToAsync(log.BaseStream, CancellationToken.None);
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var engine = new PlainDockerd(dir, process);
        var deadline = Stopwatch.StartNew();
        while ((await engine.Cli.RunAsync(ct, "version")).ExitCode != 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
            {
                await engine.DisposeAsync();
                throw new TimeoutException($"dockerd in {dir} not ready after 60 s (see dockerd.log there)");
            }
            await Task.Delay(300, ct);
        }
        await ImportBusyboxAsync(engine.Cli, dir, ct);
        return engine;
    }

    /// <summary>Imports a one-binary busybox image as <c>local/busybox:latest</c> (no registry is reachable).</summary>
    public static async Task ImportBusyboxAsync(DockerCli cli, string workDir, CancellationToken ct)
    {
        var root = Path.Combine(workDir, "busybox-root");
        var bin = Path.Combine(root, "bin");
        System.IO.Directory.CreateDirectory(bin);
        System.IO.Directory.CreateDirectory(Path.Combine(root, "tmp"));
        File.Copy(TestEnvironment.RequireProgram("busybox"), Path.Combine(bin, "busybox"), overwrite: true);
        foreach (var tool in new[] { "sh", "sleep", "echo", "cat", "ls", "true", "false", "wc", "head", "yes", "dd", "seq", "printf", "env" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), "busybox");
        }
        var tar = Path.Combine(workDir, "busybox.tar");
        await CliWrap.Cli.Wrap("tar").WithArguments(["-C", root, "-cf", tar, "."]).ExecuteAsync(ct);
        await cli.OutputAsync(ct, "import", tar, "local/busybox:latest");
    }

    /// <summary>Stops the engine (by its pid) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: dockerd stops its containers and containerd; SIGKILL (Process.Kill) would leave them behind.
            await CliWrap.Cli.Wrap("kill").WithArguments(["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                .WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync(CancellationToken.None);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        await CliWrap.Cli.Wrap("sh").WithArguments(["-c", $"awk -v d='{Directory}/' 'index($2, d) == 1 {{print $2}}' /proc/mounts | sort -r | xargs -r umount -l"])
            .WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync(CancellationToken.None);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A busy leftover in /tmp is harmless.
        }
    }
}
