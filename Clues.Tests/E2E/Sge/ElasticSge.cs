using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.E2E.Sge;

/// <summary>
/// An elastic Grid Engine cluster on the SGE lab: a real <c>clues-host</c> process with <c>cluesplugins.sge</c> (the
/// lab's qhost, qstat, qconf and qmod) and <c>cluesplugins.commandline</c> calling the lab's node-start/node-stop;
/// jobs are submitted with the real <c>qsub -jsv</c> running the real <c>clues-sge-wrapper</c>. The CLUES state (JSON
/// API) and the all.q state of every host are sampled every 300 ms, so a test can assert on the whole history.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed partial class ElasticSge : IAsyncDisposable
{
    public const string Secret = "e2e-sge-secret";
    private static readonly TimeSpan s_samplePeriod = TimeSpan.FromMilliseconds(300);

    private readonly SgeLab _lab;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly NodeHistory _clues = new();
    private readonly NodeHistory _queues = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private Task _sampler = Task.CompletedTask;
    private E2EProcess? _host;

    private ElasticSge(SgeLab lab, string workDirectory)
    {
        _lab = lab;
        WorkDirectory = workDirectory;
    }

    /// <summary>This run's folder: configuration, JSV script and logs.</summary>
    public string WorkDirectory { get; }

    public string ConfigFile => Path.Combine(WorkDirectory, "clues2.cfg");

    public int CluesPort { get; private set; }

    public string CluesLog => _host?.ReadLog() ?? "";

    /// <summary>
    /// Puts the lab in the wanted state (no job; the hosts in <paramref name="on"/> running with their queues enabled,
    /// the others stopped), then starts CLUES with <paramref name="settings"/> (<c>section → key → value</c>).
    /// </summary>
    public static async Task<ElasticSge> StartAsync(SgeLab lab, IReadOnlyCollection<string> on,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "clues-e2e-sge-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var cluster = new ElasticSge(lab, work);
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
        if ((await _lab.SgeAsync("qstat", "-u", "root")).Trim().Length > 0)
        {
            await _lab.SgeAsync("qdel", "-f", "-u", "root");   // exits 1 when there is no job
        }
        foreach (var node in _lab.Nodes)
        {
            await (on.Contains(node) ? _lab.StartNodeAsync(node) : _lab.StopNodeAsync(node));
            // A disable left by the previous test's CLUES (disable before power-off).
            await _lab.SgeAsync("qmod", "-e", "*@" + node);
        }
        IReadOnlyDictionary<string, string> states = new Dictionary<string, string>();
        await Until.TrueAsync($"Grid Engine to show {(on.Count == 0 ? "no host" : string.Join(", ", on))} up and the others unknown",
            TimeSpan.FromSeconds(60), async () =>
            {
                states = await _lab.QueueStatesAsync();
                return _lab.Nodes.All(n => on.Contains(n) ? states.GetValueOrDefault(n) == "" : states.GetValueOrDefault(n, "").Contains('u', StringComparison.Ordinal));
            }, ct, () => "all.q: " + string.Join(", ", states.Select(s => $"{s.Key}='{s.Value}'")));
    }

    private void WriteConfiguration(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings)
    {
        CluesPort = LoopbackPort.Free();
        var labScript = "bash " + SgeLab.Script;
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
                ["LRMS_CLASS"] = "cluesplugins.sge",
                ["POWERMANAGER_CLASS"] = "cluesplugins.commandline",
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
                ["MAX_WAIT_POWERON"] = "45",
                ["MAX_WAIT_POWEROFF"] = "45",
                ["COOLDOWN_SERVED_REQUESTS"] = "5",
            },
            ["scheduling"] = new()
            {
                ["PERIOD_SCHEDULE"] = "1",
                ["SCHEDULER_CLASSES"] = "clueslib.schedulers.CLUES_Scheduler_PowOn_Requests, clueslib.schedulers.CLUES_Scheduler_Reconsider_Jobs, clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE",
                ["IDLE_TIME"] = "10",
                ["EXTRA_SLOTS_FREE"] = "0",
                ["PERIOD_RECOVERY_NODES"] = "600",
                // Long: within a test only the wrapper's request can power a host on, so the JSV path is what is tested.
                ["RECONSIDER_JOB_TIME"] = "600",
            },
            ["COMMANDLINE"] = new()
            {
                ["COMMANDLINE_CMDLINE_POWON"] = labScript + " node-start %%h",
                ["COMMANDLINE_CMDLINE_POWOFF"] = labScript + " node-stop %%h",
                ["COMMANDLINE_HOSTS_FILE"] = _lab.HostsFile,
            },
            ["SGE"] = new()
            {
                ["SGE_QHOST_COMMAND"] = Path.Combine(_lab.BinDirectory, "qhost"),
                ["SGE_QSTAT_COMMAND"] = Path.Combine(_lab.BinDirectory, "qstat"),
                ["SGE_QCONF_COMMAND"] = Path.Combine(_lab.BinDirectory, "qconf"),
                ["SGE_QMOD_COMMAND"] = Path.Combine(_lab.BinDirectory, "qmod"),
                ["SGE_TIMEOUT_COMMANDS"] = "20",
            },
            ["SGE_WRAPPER"] = new()
            {
                ["ANNOUNCE_TIMEOUT"] = "10",
            },
        };
        E2EConfig.Write(ConfigFile, values, settings);
        File.WriteAllText(JsvScript, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "clues-sge-wrapper.dll")}'\n");
        File.SetUnixFileMode(JsvScript, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string JsvScript => Path.Combine(WorkDirectory, "clues-jsv");

    private async Task StartHostAsync(CancellationToken ct)
    {
        _host = E2EProcess.Start("clues-host.dll", ["run", "--config", ConfigFile], new Dictionary<string, string> { ["LAB_DIR"] = _lab.LabDirectory },
            Path.Combine(WorkDirectory, "clues-host.log"));
        await Until.TrueAsync("clues-host to list every Grid Engine host", TimeSpan.FromSeconds(60), async () =>
        {
            Assert.That(_host.HasExited, Is.False, "clues-host exited:\n" + _host.ReadLog());
            var nodes = await TryGetAsync(() => CluesNodesAsync(ct));
            return nodes is not null && _lab.Nodes.All(nodes.ContainsKey);
        }, ct);
        _sampler = Task.WhenAll(
            _clues.SampleAsync(() => TryGetAsync(() => CluesNodesAsync(_stop.Token)), s_samplePeriod, _time, _stop.Token),
            _queues.SampleAsync(() => TryGetAsync(_lab.QueueStatesAsync), s_samplePeriod, _time, _stop.Token));
    }

    /// <summary>
    /// Submits a binary job with the real <c>qsub -jsv clues-sge-wrapper</c> (qsub's options; output to
    /// <c>jobs/&lt;name&gt;.out</c>) and returns its id, output file and qsub's standard error (the JSV's log lines).
    /// </summary>
    /// <remarks>The command is given as words: Grid Engine joins a binary job's words with spaces, so
    /// <c>sh -c 'a b'</c> would lose its quotes.</remarks>
    public async Task<SgeJob> SubmitAsync(string name, IEnumerable<string> options, IEnumerable<string> command, CancellationToken ct)
    {
        var output = Path.Combine(_lab.JobsDirectory, name + ".out");
        File.Delete(output);
        var start = new ProcessStartInfo(Path.Combine(_lab.BinDirectory, "qsub"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _lab.JobsDirectory,
        };
        foreach (var argument in (string[])["-jsv", JsvScript, "-N", name, "-o", output, "-j", "y", "-b", "y", .. options, .. command])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["CLUES_SGE_WRAPPER_CONFIG"] = ConfigFile;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        var match = SubmittedPattern().Match(await stdout);
        Assert.That((process.ExitCode, match.Success), Is.EqualTo((0, true)), $"qsub: {await stdout}{await stderr}");
        return new SgeJob(match.Groups[1].Value, output, await stderr);
    }

    /// <summary>The current CLUES state of every node.</summary>
    public Task<IReadOnlyDictionary<string, string>> CluesNodesAsync(CancellationToken ct) => CluesApi.NodesAsync(_http, CluesPort, Secret, ct);

    /// <summary>Waits until the latest CLUES states satisfy <paramref name="condition"/>.</summary>
    public Task WaitForCluesAsync(string what, TimeSpan timeout, Func<IReadOnlyDictionary<string, string>, bool> condition, CancellationToken ct) =>
        Until.TrueAsync(what, timeout, async () => condition(await CluesNodesAsync(ct)), ct, Describe);

    /// <summary>The host's CLUES states in order, without repeats.</summary>
    public IReadOnlyList<string> CluesStatesOf(string node) => _clues.Transitions(node);

    /// <summary>The host's all.q states in order, without repeats ("" = takes jobs, d, u, du ...).</summary>
    public IReadOnlyList<string> QueueStatesOf(string node) => _queues.Transitions(node);

    /// <summary>Both histories (transitions only) and the end of CLUES' log.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"E2E run folder: {WorkDirectory}");
        foreach (var node in _lab.Nodes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  CLUES {node}: {string.Join(" -> ", CluesStatesOf(node))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  all.q {node}: {string.Join(" -> ", QueueStatesOf(node).Select(s => $"'{s}'"))}");
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

    [GeneratedRegex(@"Your job (\d+) ")]
    private static partial Regex SubmittedPattern();
}

/// <summary>A job submitted through <c>qsub -jsv</c>: its id, its output file, and qsub's standard error.</summary>
internal sealed record SgeJob(string Id, string OutputFile, string QsubError);
