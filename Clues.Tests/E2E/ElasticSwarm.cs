using System.Globalization;
using System.Text;
using System.Text.Json;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using Docker.DotNet;
using NUnit.Framework;

namespace Clues.Tests.E2E;

/// <summary>
/// The whole elastic Swarm on the lab: a real <c>docker-wrapper</c> process and a real <c>clues-host</c> process,
/// configured with the example files of <c>etc/</c> (clues2.cfg and conf.d/*.cfg, copied) plus a last conf.d file
/// with this run's ports, folders, short timers and the test's own values. CLUES powers the lab's workers with the
/// lab's <c>docker-machine</c>. While running, the CLUES state of every node (JSON API) and its Swarm state are
/// sampled every 200 ms, so a test can assert on the whole history, not only on the last look.
/// </summary>
internal sealed class ElasticSwarm : IAsyncDisposable
{
    public const string Secret = "e2e-secret";
    private static readonly TimeSpan s_samplePeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_rejoinTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_settleTime = TimeSpan.FromSeconds(3);

    private readonly SwarmLab _lab;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly NodeHistory _clues = new();
    private readonly NodeHistory _swarm = new();
    private readonly CancellationTokenSource _stop = new();
    // Long: CLUES answers API calls between the steps of its control loop, so not during a power command.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    private DockerClient? _docker;
    private Task _sampler = Task.CompletedTask;
    private E2EProcess? _wrapper;
    private E2EProcess? _host;

    private readonly string _subnetPrefix;

    private ElasticSwarm(SwarmLab lab, string subnetPrefix, string workDirectory)
    {
        _lab = lab;
        _subnetPrefix = subnetPrefix;
        WorkDirectory = workDirectory;
    }

    /// <summary>This run's folder: configuration, logs, the wrapper's database, helper scripts.</summary>
    public string WorkDirectory { get; }

    public int WrapperPort { get; private set; }

    public int CluesPort { get; private set; }

    /// <summary>The docker CLI pointed at the wrapper (what a user runs).</summary>
    public DockerCli Cli => new($"tcp://127.0.0.1:{WrapperPort}");

    public string WrapperLog => _wrapper?.ReadLog() ?? "";

    public string CluesLog => _host?.ReadLog() ?? "";

    /// <summary>The lab's docker-machine, as a command line.</summary>
    public static string DockerMachine => "bash " + Path.Combine(TestEnvironment.RepositoryRoot, "lab", "docker-machine");

    /// <summary>Every CLUES node sample so far, in time order.</summary>
    public IReadOnlyList<NodeSample> CluesHistory => _clues.Samples;

    /// <summary>Every Swarm node sample (<c>ready</c>, <c>down</c>, ...) so far, in time order.</summary>
    public IReadOnlyList<NodeSample> SwarmHistory => _swarm.Samples;

    /// <summary>
    /// Puts the lab (built on <paramref name="subnetPrefix"/>) in the wanted state (the workers in <paramref name="on"/> running and Ready, the others stopped
    /// and Down, every worker active, no service left), then starts the wrapper and CLUES with
    /// <paramref name="settings"/> (<c>section → key → value</c>) over the defaults below.
    /// </summary>
    public static async Task<ElasticSwarm> StartAsync(SwarmLab lab, string subnetPrefix, IReadOnlyCollection<string> on,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "clues-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var swarm = new ElasticSwarm(lab, subnetPrefix, work);
        try
        {
            await swarm.ResetLabAsync(on, ct);
            swarm.WriteConfiguration(settings);
            await swarm.StartProcessesAsync(ct);
            return swarm;
        }
        catch
        {
            TestContext.Out.WriteLine(swarm.Describe());
            await swarm.DisposeAsync();
            throw;
        }
    }

    private async Task ResetLabAsync(IReadOnlyCollection<string> on, CancellationToken ct)
    {
        var manager = _lab.Manager;
        var services = (await manager.OutputAsync(ct, "service", "ls", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (services.Length > 0)
        {
            await manager.OutputAsync(ct, ["service", "rm", .. services]);
        }
        foreach (var worker in _lab.Workers)
        {
            // A power-off by CLUES leaves the node drained; a lab restart does not undo that.
            await manager.OutputAsync(ct, "node", "update", "--availability", "active", worker);
        }
        _docker = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + _lab.ManagerSocket)).Build();

        // Converge rather than act once: the previous test's CLUES was killed, and a power action it had begun may
        // still be taking effect (a worker's dockerd shutting down after its SIGTERM, for a few seconds). So the
        // lab's state is read again on every look and corrected, a worker that runs but stays out of the Swarm is
        // restarted, and the wanted state must hold for a while.
        var actions = new List<string>();
        var notReadySince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> swarm = new Dictionary<string, string>();
        DateTimeOffset? settledSince = null;
        var lab = new Dictionary<string, string>(StringComparer.Ordinal);
        await Until.TrueAsync($"the Swarm to show {(on.Count == 0 ? "no worker" : string.Join(", ", on))} Ready and the others Down",
            TimeSpan.FromSeconds(120), async () =>
        {
            swarm = await SwarmStatesAsync(ct);
            var settled = true;
            foreach (var worker in _lab.Workers)
            {
                var wanted = on.Contains(worker);
                lab[worker] = await _lab.NodeStatusAsync(worker);
                // Stopping (a power-off begun by the killed CLUES) is corrected either way: start and stop both
                // wait for the old engine to exit.
                if (lab[worker] != (wanted ? "Running" : "Stopped"))
                {
                    actions.Add($"{_time.GetLocalNow():HH:mm:ss.f} {worker} {lab[worker]}: {(wanted ? "start" : "stop")}");
                    await (wanted ? _lab.StartNodeAsync(worker) : _lab.StopNodeAsync(worker));
                    notReadySince.Remove(worker);
                    settled = false;
                    continue;
                }
                if (swarm.GetValueOrDefault(worker) == (wanted ? "ready" : "down"))
                {
                    notReadySince.Remove(worker);
                    continue;
                }
                settled = false;
                var since = notReadySince.TryGetValue(worker, out var first) ? first : notReadySince[worker] = _time.GetLocalNow();
                if (wanted && _time.GetLocalNow() - since > s_rejoinTimeout)
                {
                    actions.Add($"{_time.GetLocalNow():HH:mm:ss.f} {worker} running but {swarm.GetValueOrDefault(worker, "unknown")} in the Swarm for {s_rejoinTimeout.TotalSeconds:0} s: restart");
                    await _lab.StopNodeAsync(worker);
                    await _lab.StartNodeAsync(worker);
                    notReadySince.Remove(worker);
                }
            }
            settledSince = settled ? settledSince ?? _time.GetLocalNow() : null;
            return settledSince is { } from && _time.GetLocalNow() - from >= s_settleTime;
        }, ct, () => string.Join("\n", _lab.Workers.Select(w =>
            $"  {w}: lab {lab.GetValueOrDefault(w, "?")}, Swarm {swarm.GetValueOrDefault(w, "not listed")}").Prepend("Lab reset, last look:")
            .Concat(actions.Count == 0 ? ["  no action taken"] : actions.Select(a => "  " + a))));
        if (actions.Count > 0)
        {
            await TestContext.Progress.WriteLineAsync("E2E lab reset: " + string.Join("; ", actions));
        }
    }

    private void WriteConfiguration(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings)
    {
        WrapperPort = LoopbackPort.Free();
        CluesPort = LoopbackPort.Free();
        var etc = Path.Combine(TestEnvironment.RepositoryRoot, "etc");
        var confD = Path.Combine(WorkDirectory, "conf.d");
        Directory.CreateDirectory(confD);
        File.Copy(Path.Combine(etc, "clues2.cfg"), Path.Combine(WorkDirectory, "clues2.cfg"));
        foreach (var file in Directory.GetFiles(Path.Combine(etc, "conf.d"), "*.cfg"))
        {
            File.Copy(file, Path.Combine(confD, Path.GetFileName(file)));
        }

        var manager = "unix://" + _lab.ManagerSocket;
        var machineList = DockerMachine + " ls --format '{{.Name}} {{.State}}'";
        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["general"] = new()
            {
                ["CLUES_HOST"] = "127.0.0.1",
                ["CLUES_PORT"] = CluesPort.ToString(CultureInfo.InvariantCulture),
                ["CLUES_SECRET_TOKEN"] = Secret,
                ["DB_CONNECTION_STRING"] = "",
                ["LOG_LEVEL"] = "info",
                ["TIMEOUT_COMMANDS"] = "60",
            },
            ["client"] = new()
            {
                ["CLUES_XMLRPC"] = $"http://127.0.0.1:{CluesPort}/RPC2",
                ["CLUES_SECRET_TOKEN"] = Secret,
            },
            ["monitoring"] = new()
            {
                ["PERIOD_MONITORING_NODES"] = "1",
                ["PERIOD_MONITORING_JOBS"] = "1",
                ["PERIOD_LIFECYCLE"] = "2",
                ["DELAY_POWON"] = "1",
                ["DELAY_POWOFF"] = "1",
                ["MAX_WAIT_POWERON"] = "60",
                ["MAX_WAIT_POWEROFF"] = "60",
                ["COOLDOWN_SERVED_REQUESTS"] = "5",
            },
            ["scheduling"] = new()
            {
                ["PERIOD_SCHEDULE"] = "1",
                ["IDLE_TIME"] = "15",
                ["EXTRA_SLOTS_FREE"] = "0",
                ["EXTRA_NODES_PERIOD"] = "2",
                ["PERIOD_RECOVERY_NODES"] = "10",
                ["RECONSIDER_JOB_TIME"] = "60",
            },
            ["DOCKER"] = new()
            {
                ["DOCKER_SERVER"] = $"http://127.0.0.1:{WrapperPort}",
                ["DOCKER_MANAGER_HOST"] = manager,
                ["DMACHINE_VM_LIST"] = machineList,
            },
            ["DMACHINE"] = new()
            {
                ["DMACHINE_CMDLINE_POWON"] = DockerMachine + " start %%h",
                ["DMACHINE_CMDLINE_POWOFF"] = DockerMachine + " stop %%h",
                ["DMACHINE_VM_LIST"] = machineList,
                ["DMACHINE_DRAIN_POLL"] = "0.5",
            },
            ["DOCKER_WRAPPER"] = new()
            {
                ["LISTEN"] = $"127.0.0.1:{WrapperPort}",
                ["DOCKER_HOST"] = manager,
                ["DB"] = Path.Combine(WorkDirectory, "docker-wrapper.db"),
            },
        };
        E2EConfig.Write(Path.Combine(confD, "zz-e2e.cfg"), values, settings);
    }

    private async Task StartProcessesAsync(CancellationToken ct)
    {
        var config = Path.Combine(WorkDirectory, "clues2.cfg");
        var environment = new Dictionary<string, string>
        {
            ["LAB_DIR"] = _lab.LabDirectory,
            ["LAB_SUBNET_PREFIX"] = _subnetPrefix,
            ["DOCKER_HOST"] = "",
            ["DOCKER_WRAPPER_LOG_LEVEL"] = "Info",
        };
        _wrapper = E2EProcess.Start("docker-wrapper.dll", ["--config", config], environment, Path.Combine(WorkDirectory, "docker-wrapper.log"));
        await Until.TrueAsync("docker-wrapper to answer /jobs/num", TimeSpan.FromSeconds(30), async () =>
        {
            Assert.That(_wrapper.HasExited, Is.False, "docker-wrapper exited:\n" + _wrapper.ReadLog());
            return await TryAsync(() => _http.GetStringAsync($"http://127.0.0.1:{WrapperPort}/jobs/num", ct));
        }, ct);

        _host = E2EProcess.Start("clues-host.dll", ["run", "--config", config], environment, Path.Combine(WorkDirectory, "clues-host.log"));
        await Until.TrueAsync("clues-host to list every worker", TimeSpan.FromSeconds(30), async () =>
        {
            Assert.That(_host.HasExited, Is.False, "clues-host exited:\n" + _host.ReadLog());
            var nodes = await TryGetAsync(() => CluesNodesAsync(ct));
            return nodes is not null && _lab.Workers.All(w => nodes.ContainsKey(w));
        }, ct);
        _sampler = SampleAsync(_stop.Token);
    }

    /// <summary>The current CLUES state of every node (<c>idle</c>, <c>off</c>, <c>powon</c>, <c>off (err)</c>, ...).</summary>
    public Task<IReadOnlyDictionary<string, string>> CluesNodesAsync(CancellationToken ct) => CluesApi.NodesAsync(_http, CluesPort, Secret, ct);

    /// <summary>The Swarm state of every worker (<c>ready</c>, <c>down</c>, ...).</summary>
    public async Task<IReadOnlyDictionary<string, string>> SwarmStatesAsync(CancellationToken ct)
    {
        var nodes = await _docker!.Swarm.ListNodesAsync(ct);
        return nodes.Where(n => n.Spec?.Role == "worker" && n.Description?.Hostname is not null)
            .GroupBy(n => n.Description!.Hostname!)
            // A worker that rejoined may be listed twice; the newest entry is the live one.
            .ToDictionary(g => g.Key, g => g.OrderBy(n => n.UpdatedAt).Last().Status?.State ?? "", StringComparer.Ordinal);
    }

    /// <summary>Waits until the latest CLUES samples satisfy <paramref name="condition"/> (node → state).</summary>
    public Task WaitForCluesAsync(string what, TimeSpan timeout, Func<IReadOnlyDictionary<string, string>, bool> condition, CancellationToken ct) =>
        Until.TrueAsync(what, timeout, async () => condition(await CluesNodesAsync(ct)), ct, Describe);

    /// <summary>The worker's CLUES states in order, without repeats (for example idle, powoff, off, powon, idle).</summary>
    public IReadOnlyList<string> StatesOf(string node) => _clues.Transitions(node);

    /// <summary>The first time <paramref name="node"/> was sampled in <paramref name="state"/> at or after <paramref name="since"/>.</summary>
    public static DateTimeOffset? FirstTime(IReadOnlyList<NodeSample> history, string node, string state, DateTimeOffset since) =>
        history.FirstOrDefault(s => s.Name == node && s.State == state && s.At >= since)?.At;

    /// <summary>Everything useful when a test fails: both histories (transitions only) and the logs' ends.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"E2E run folder: {WorkDirectory}");
        foreach (var worker in _lab.Workers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  CLUES {worker}: {string.Join(" -> ", StatesOf(worker))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Swarm {worker}: {string.Join(" -> ", _swarm.Transitions(worker))}");
        }
        text.AppendLine("--- clues-host log (end) ---").AppendLine(Tail(CluesLog, 60));
        text.AppendLine("--- docker-wrapper log (end) ---").AppendLine(Tail(WrapperLog, 40));
        return text.ToString();
    }

    // Two loops: CLUES answers late while a power command runs, and that must not delay the Swarm samples.
    private Task SampleAsync(CancellationToken ct) => Task.WhenAll(
        _clues.SampleAsync(() => TryGetAsync(() => CluesNodesAsync(ct)), s_samplePeriod, _time, ct),
        _swarm.SampleAsync(() => TryGetAsync(() => SwarmStatesAsync(ct)), s_samplePeriod, _time, ct));

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').Where(l => !l.Contains("Diagnostics;", StringComparison.Ordinal) && !l.Contains("EndpointMiddleware;", StringComparison.Ordinal)).TakeLast(lines));

    private static async Task<bool> TryAsync<T>(Func<Task<T>> call) => await TryGetAsync(call) is not null;

    private static async Task<T?> TryGetAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or DockerApiException or IOException or JsonException)
        {
            return default;
        }
    }

    /// <summary>Deletes this run's folder (after a passed test; a failed one keeps it for the logs).</summary>
    public void DeleteWorkDirectory() => Directory.Delete(WorkDirectory, recursive: true);

    /// <summary>Stops the processes (by their own handles) and the sampler; the lab stays for the next test.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_wrapper is not null)
        {
            await _wrapper.DisposeAsync();
        }
        _docker?.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }
}
