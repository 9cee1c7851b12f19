using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.E2E.Slurm;

/// <summary>
/// An elastic Slurm cluster on the lab: a real <c>clues-host</c> process with the example configuration of
/// <c>etc/examples/slurm-lab/</c> (copied) plus a last conf.d file with this run's port, short timers and the test's
/// own values. CLUES reads Slurm with <c>scontrol</c> and switches nodes with the lab's <c>node-start</c>/<c>node-stop</c>
/// through <c>cluesplugins.commandline</c>; jobs are submitted with the real <c>clues-slurm-wrapper</c> in front of the
/// real sbatch. The CLUES state (JSON API) and the Slurm state of every node are sampled every 200 ms, so a test can
/// assert on the whole history.
/// </summary>
internal sealed partial class ElasticSlurm : IAsyncDisposable
{
    public const string Secret = "e2e-slurm-secret";
    private static readonly TimeSpan s_samplePeriod = TimeSpan.FromMilliseconds(200);

    private readonly SlurmLab _lab;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly NodeHistory _clues = new();
    private readonly NodeHistory _slurm = new();
    private readonly CancellationTokenSource _stop = new();
    // Long: CLUES answers API calls between the steps of its control loop, so not during a power command.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private Task _sampler = Task.CompletedTask;
    private E2EProcess? _host;

    private ElasticSlurm(SlurmLab lab, string workDirectory)
    {
        _lab = lab;
        WorkDirectory = workDirectory;
    }

    /// <summary>This run's folder: configuration and logs.</summary>
    public string WorkDirectory { get; }

    public string ConfigFile => Path.Combine(WorkDirectory, "clues2.cfg");

    public int CluesPort { get; private set; }

    public string CluesLog => _host?.ReadLog() ?? "";

    public IReadOnlyList<NodeSample> CluesHistory => _clues.Samples;

    public IReadOnlyList<NodeSample> SlurmHistory => _slurm.Samples;

    /// <summary>
    /// Puts the lab in the wanted state (no job; the nodes in <paramref name="on"/> running and IDLE, the others off
    /// and DOWN, none drained), then starts CLUES with <paramref name="settings"/> (<c>section → key → value</c>).
    /// </summary>
    public static async Task<ElasticSlurm> StartAsync(SlurmLab lab, IReadOnlyCollection<string> on,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "clues-e2e-slurm-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var cluster = new ElasticSlurm(lab, work);
        try
        {
            await cluster.ResetLabAsync(on, ct);
            cluster.WriteConfiguration(settings);
            await cluster.StartHostAsync(ct);
            return cluster;
        }
        catch
        {
            await TestContext.Out.WriteLineAsync(cluster.Describe());
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task ResetLabAsync(IReadOnlyCollection<string> on, CancellationToken ct)
    {
        await _lab.SlurmAsync("scancel", "--user=root");
        foreach (var node in _lab.Nodes)
        {
            if (on.Contains(node))
            {
                await _lab.StartNodeAsync(node);
            }
            else
            {
                await _lab.StopNodeAsync(node);
                // Marked DOWN at once: Slurm itself takes 17-44 s to notice a node that stopped answering.
                await _lab.SlurmAsync("scontrol", "update", $"nodename={node}", "state=down", "reason=e2e-reset");
            }
        }
        IReadOnlyDictionary<string, string> states = new Dictionary<string, string>();
        await Until.TrueAsync($"Slurm to show {(on.Count == 0 ? "no node" : string.Join(", ", on))} IDLE and the others DOWN",
            TimeSpan.FromSeconds(60), async () =>
            {
                states = await _lab.NodeStatesAsync();
                foreach (var (node, state) in states.Where(s => s.Value.Contains("DRAIN", StringComparison.Ordinal)))
                {
                    // A drain left by the previous test's CLUES (drain before power-off).
                    await _lab.SlurmAsync("scontrol", "update", $"nodename={node}", "state=undrain");
                }
                return _lab.Nodes.All(n => on.Contains(n) ? states.GetValueOrDefault(n) == "IDLE" : states.GetValueOrDefault(n, "").StartsWith("DOWN", StringComparison.Ordinal));
            }, ct, () => "Slurm: " + string.Join(", ", states.Select(s => $"{s.Key}={s.Value}")));
    }

    private void WriteConfiguration(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings)
    {
        CluesPort = LoopbackPort.Free();
        var example = Path.Combine(TestEnvironment.RepositoryRoot, "etc", "examples", "slurm-lab");
        var confD = Path.Combine(WorkDirectory, "conf.d");
        Directory.CreateDirectory(confD);
        File.Copy(Path.Combine(example, "clues2.cfg"), ConfigFile);
        foreach (var file in Directory.GetFiles(Path.Combine(example, "conf.d"), "*.cfg"))
        {
            File.Copy(file, Path.Combine(confD, Path.GetFileName(file)));
        }
        var labScript = "bash " + SlurmLab.Script;
        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["general"] = new()
            {
                ["CLUES_HOST"] = "127.0.0.1",
                ["CLUES_PORT"] = CluesPort.ToString(CultureInfo.InvariantCulture),
                ["CLUES_SECRET_TOKEN"] = Secret,
                ["DB_CONNECTION_STRING"] = "",
                ["LOG_LEVEL"] = "info",
                ["TIMEOUT_COMMANDS"] = "30",
            },
            ["client"] = new()
            {
                ["CLUES_XMLRPC"] = $"http://127.0.0.1:{CluesPort}/RPC2",
                ["CLUES_SECRET_TOKEN"] = Secret,
                ["LOG_FILE"] = "",
            },
            ["monitoring"] = new()
            {
                ["PERIOD_MONITORING_NODES"] = "1",
                ["PERIOD_MONITORING_JOBS"] = "1",
                ["PERIOD_LIFECYCLE"] = "2",
                ["DELAY_POWON"] = "1",
                ["DELAY_POWOFF"] = "1",
                ["MAX_WAIT_POWERON"] = "30",
                ["MAX_WAIT_POWEROFF"] = "30",
                ["COOLDOWN_SERVED_REQUESTS"] = "5",
            },
            ["scheduling"] = new()
            {
                ["PERIOD_SCHEDULE"] = "1",
                ["IDLE_TIME"] = "10",
                ["EXTRA_SLOTS_FREE"] = "0",
                ["EXTRA_NODES_PERIOD"] = "2",
                ["PERIOD_RECOVERY_NODES"] = "600",
                ["RECONSIDER_JOB_TIME"] = "5",
            },
            ["COMMANDLINE"] = new()
            {
                ["COMMANDLINE_CMDLINE_POWON"] = labScript + " node-start %%h",
                ["COMMANDLINE_CMDLINE_POWOFF"] = labScript + " node-stop %%h",
                ["COMMANDLINE_HOSTS_FILE"] = _lab.HostsFile,
            },
            ["SLURM_WRAPPER"] = new()
            {
                ["SBATCH"] = "/usr/bin/sbatch",
                ["ANNOUNCE_TIMEOUT"] = "5",
            },
        };
        E2EConfig.Write(Path.Combine(confD, "zz-e2e.cfg"), values, settings);
    }

    private async Task StartHostAsync(CancellationToken ct)
    {
        _host = E2EProcess.Start("clues-host.dll", ["run", "--config", ConfigFile],
            new Dictionary<string, string> { ["SLURM_CONF"] = _lab.SlurmConf, ["LAB_DIR"] = _lab.LabDirectory },
            Path.Combine(WorkDirectory, "clues-host.log"));
        await Until.TrueAsync("clues-host to list every Slurm node", TimeSpan.FromSeconds(30), async () =>
        {
            Assert.That(_host.HasExited, Is.False, "clues-host exited:\n" + _host.ReadLog());
            var nodes = await TryGetAsync(() => CluesNodesAsync(ct));
            return nodes is not null && _lab.Nodes.All(nodes.ContainsKey);
        }, ct);
        // Two loops: CLUES answers late while a power command runs, and that must not delay the Slurm samples.
        _sampler = Task.WhenAll(
            _clues.SampleAsync(() => TryGetAsync(() => CluesNodesAsync(_stop.Token)), s_samplePeriod, _time, _stop.Token),
            _slurm.SampleAsync(() => TryGetAsync(_lab.NodeStatesAsync), s_samplePeriod, _time, _stop.Token));
    }

    /// <summary>
    /// Submits a job with the real <c>clues-slurm-wrapper</c> (sbatch's arguments; output to
    /// <c>jobs/&lt;id&gt;.out</c>) and returns its Slurm id and when the wrapper started.
    /// </summary>
    public async Task<SubmittedJob> SubmitAsync(CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _lab.JobsDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clues-slurm-wrapper.dll"));
        start.ArgumentList.Add("--output=" + Path.Combine(_lab.JobsDirectory, "%j.out"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["SLURM_CONF"] = _lab.SlurmConf;
        start.Environment["CLUES_SLURM_WRAPPER_CONFIG"] = ConfigFile;
        var started = _time.GetLocalNow();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        var output = await stdout;
        var match = SubmittedPattern().Match(output);
        Assert.That((process.ExitCode, match.Success), Is.EqualTo((0, true)), $"clues-slurm-wrapper: {output}{await stderr}");
        return new SubmittedJob(match.Groups[1].Value, started, Path.Combine(_lab.JobsDirectory, match.Groups[1].Value + ".out"), await stderr);
    }

    /// <summary>The current CLUES state of every node (<c>idle</c>, <c>off</c>, <c>powon</c>, <c>off (err)</c>, ...).</summary>
    public Task<IReadOnlyDictionary<string, string>> CluesNodesAsync(CancellationToken ct) => CluesApi.NodesAsync(_http, CluesPort, Secret, ct);

    /// <summary>Asks CLUES to power a node on (the <c>clues poweron</c> call).</summary>
    public async Task PowerOnAsync(string node, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new Clues.Core.Api.XmlRpc.XmlRpcClient(http, new Uri($"http://127.0.0.1:{CluesPort}/RPC2"));
        var result = await client.CallAsync("poweron", [Secret, node], ct);
        Assert.That(result, Is.InstanceOf<object[]>().And.Property("Length").EqualTo(2));
        Assert.That(((object[])result)[0], Is.True, $"poweron {node}: {((object[])result)[1]}");
    }

    /// <summary>Waits until the latest CLUES states satisfy <paramref name="condition"/>.</summary>
    public Task WaitForCluesAsync(string what, TimeSpan timeout, Func<IReadOnlyDictionary<string, string>, bool> condition, CancellationToken ct) =>
        Until.TrueAsync(what, timeout, async () => condition(await CluesNodesAsync(ct)), ct, Describe);

    /// <summary>The node's CLUES states in order, without repeats.</summary>
    public IReadOnlyList<string> CluesStatesOf(string node) => _clues.Transitions(node);

    /// <summary>The node's Slurm states in order, without repeats.</summary>
    public IReadOnlyList<string> SlurmStatesOf(string node) => _slurm.Transitions(node);

    /// <summary>Everything useful when a test fails: both histories (transitions only) and the end of CLUES' log.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"E2E run folder: {WorkDirectory}");
        foreach (var node in _lab.Nodes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  CLUES {node}: {string.Join(" -> ", CluesStatesOf(node))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Slurm {node}: {string.Join(" -> ", SlurmStatesOf(node))}");
        }
        text.AppendLine("--- clues-host log (end) ---").AppendLine(string.Join('\n', CluesLog.Split('\n').TakeLast(60)));
        return text.ToString();
    }

    private static async Task<T?> TryGetAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException or InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>Deletes this run's folder (after a passed test; a failed one keeps it for the logs).</summary>
    public void DeleteWorkDirectory() => Directory.Delete(WorkDirectory, recursive: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _http.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex SubmittedPattern();
}

/// <summary>A job submitted through the wrapper: its Slurm id, when the wrapper started, its output file, the wrapper's stderr.</summary>
internal sealed record SubmittedJob(string Id, DateTimeOffset Submitted, string OutputFile, string WrapperError);
