using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Clues.Core.Api.XmlRpc;
using Clues.Tests.Common;
using Clues.Tests.FilePlugin;
using Clues.Tests.Host.Restart;
using NUnit.Framework;

namespace Clues.Tests.Host;

/// <summary>
/// A real <c>clues-host run</c> process with the command-line power manager running real scripts: with
/// <c>--dry-run</c> the power scripts never run while the log says what would have been powered; with a power-on
/// script that fails, the node is retried after its backoff and then quarantined, which the JSON API, the status
/// call and the metrics show until <c>clues resetstate</c>.
/// </summary>
[TestFixture, NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PowerSafetyProcessTests
{
    private const string Secret = "power-s3cret";

    private static string WriteSetup(string folder, int port, string powerOnScript, string scheduling)
    {
        var plugins = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll"), Path.Combine(plugins, "Clues.Tests.FilePlugin.dll"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "nodes.json"), """{"wn1": "off", "wn2": "idle"}""");
        File.WriteAllText(Path.Combine(folder, "hosts"), "10.0.0.1 wn1\n10.0.0.2 wn2\n");
        File.WriteAllText(Path.Combine(folder, "poweron.sh"), powerOnScript);
        // Any power-off would leave its mark, and so does the QUARANTINE hook (run without a shell, so executable).
        File.WriteAllText(Path.Combine(folder, "poweroff.sh"), $"echo \"$1\" >> '{folder}/powered-off'\n");
        var hook = Path.Combine(folder, "quarantine-hook");
        File.WriteAllText(hook, $"#!/bin/sh\necho \"$@\" >> '{folder}/quarantined'\n");
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = Path.Combine(folder, "clues2.cfg");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            [general]
            DB_CONNECTION_STRING=sqlite://{folder}/clues.db
            CLUES_SECRET_TOKEN={Secret}
            CLUES_HOST=127.0.0.1
            CLUES_PORT={port}
            LOG_FILE={folder}/clues.log
            LOG_LEVEL=info
            LRMS_CLASS={FileLrms.PluginName}
            POWERMANAGER_CLASS=cluesplugins.commandline
            PLUGIN_DIR={plugins}
            [monitoring]
            PERIOD_MONITORING_NODES=1
            [scheduling]
            PERIOD_SCHEDULE=1
            PERIOD_RECOVERY_NODES=1
            {scheduling}
            [hooks]
            QUARANTINE={hook}
            [COMMANDLINE]
            COMMANDLINE_CMDLINE_POWON=sh {folder}/poweron.sh %%h
            COMMANDLINE_CMDLINE_POWOFF=sh {folder}/poweroff.sh %%h
            COMMANDLINE_HOSTS_FILE={folder}/hosts
            [FILE]
            NODES_FILE={folder}/nodes.json
            """));
        return config;
    }

    private static string Log(string folder) => File.Exists(Path.Combine(folder, "clues.log")) ? File.ReadAllText(Path.Combine(folder, "clues.log")) : "";

    private static async Task<JsonElement> NodeAsync(HostProcess host, string name, CancellationToken ct) =>
        (await host.GetAsync("api/nodes", ct)).EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    private static async Task<string> MetricsAsync(HostProcess host, CancellationToken ct) => await host.Http.GetStringAsync("metrics", ct);

    private static async Task<string> StatusAsync(HostProcess host, CancellationToken ct)
    {
        var answer = (object[])await new XmlRpcClient(host.Http, new Uri(host.BaseAddress, "RPC2")).CallAsync("status", [Secret, ""], ct);
        return (string)answer[1];
    }

    private static async Task<long> SchedulePassesAsync(HostProcess host, CancellationToken ct)
    {
        const string prefix = "clues_loop_step_seconds_count{step=\"schedule\"} ";
        var line = (await MetricsAsync(host, ct)).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the daemon has run <paramref name="count"/> more scheduling passes.</summary>
    private static async Task PassesAsync(HostProcess host, int count, CancellationToken ct)
    {
        var target = await SchedulePassesAsync(host, ct) + count;
        long now = 0;
        await UntilAsync(async () => (now = await SchedulePassesAsync(host, ct)) >= target, $"{count} more scheduling passes", () => $"at {now} of {target}", ct);
    }

    private static Task UntilAsync(Func<Task<bool>> condition, string what, Func<string> describe, CancellationToken ct) =>
        E2E.Until.TrueAsync(what, TimeSpan.FromSeconds(60), condition, ct, describe);

    [Test, CancelAfter(180_000)]
    public async Task DryRun_PowerScriptsNeverRun_WhileTheLogSaysWhatWouldBePowered(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("clues-dryrun-").FullName;
        var port = LoopbackPort.Free();
        var config = WriteSetup(folder, port, $"echo \"$1\" >> '{folder}/powered-on'\n", """
            IDLE_TIME=2
            SCHEDULER_CLASSES=clueslib.schedulers.CLUES_Scheduler_PowOn_Requests,clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE
            """);
        using var host = await HostProcess.StartAsync(folder, config, port, Secret, ct, "--dry-run");
        // Two tasks: one fits on wn2 (idle), the other needs wn1 (off).
        using var created = await host.Http.PostAsJsonAsync("api/requests", new { cpu = 1, memory = 512, taskCount = 2 }, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();

        await UntilAsync(() => Task.FromResult(Log(folder).Contains($"dry run: would power on node wn1 for request {id}", StringComparison.Ordinal)),
            "dry-run power-on decision", () => Log(folder), ct);
        // Let the schedulers take the same decisions again for a few passes.
        await PassesAsync(host, 5, ct);
        var metrics = await MetricsAsync(host, ct);

        Assert.That(File.Exists(Path.Combine(folder, "powered-on")), Is.False, "the power-on script never ran");
        Assert.That(File.Exists(Path.Combine(folder, "powered-off")), Is.False, "the power-off script never ran");
        var log = Log(folder);
        Assert.That(log.Split('\n').Count(l => l.Contains("dry run: would power on node wn1", StringComparison.Ordinal)), Is.EqualTo(1),
            "the decision repeats every pass but is logged once at info");
        Assert.That(metrics, Does.Contain("clues_dry_run 1\n").And.Contain("clues_dry_run_power_actions_total{action=\"on\"} 1\n"));
        Assert.That(await StatusAsync(host, ct), Does.Contain("dry run: CLUES decides and logs power actions but runs none"));
        var wn1 = await NodeAsync(host, "wn1", ct);
        Assert.That(wn1.GetProperty("state").GetString(), Is.EqualTo("off"), "still off, as the LRMS reports it");
        Assert.That(wn1.GetProperty("powerOnOperationFailed").GetInt32(), Is.Zero);
        Assert.That(wn1.GetProperty("why").GetString(),
            Is.EqualTo($"dry-run: would be powered on for request {id}; dry run (DRY_RUN), so no command is run and it stays off"));
        var status = await host.GetAsync("api/status", ct);
        Assert.That((status.GetProperty("dryRun").GetBoolean(), status.GetProperty("wouldPowerOn").GetInt64()), Is.EqualTo((true, 1L)),
            "the JSON API says so, counted as /metrics counts");
        var decision = status.GetProperty("dryRunDecisions").EnumerateArray().Single(d => d.GetProperty("action").GetString() == "on");
        Assert.That((decision.GetProperty("node").GetString(), decision.GetProperty("requests").EnumerateArray().Single().GetInt64(),
            decision.GetProperty("current").GetBoolean()), Is.EqualTo(("wn1", id, true)));
        var request = (await host.GetAsync("api/requests", ct)).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.That(request.GetProperty("why").GetString(), Is.EqualTo("dry-run: would power on wn1 for it; dry run (DRY_RUN), so it stays waiting"));
    }

    [Test, CancelAfter(180_000)]
    public async Task FailingPowerOnScript_NodeIsRetriedAfterBackoff_ThenQuarantinedUntilResetstate(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("clues-quarantine-").FullName;
        var port = LoopbackPort.Free();
        var config = WriteSetup(folder, port, $"date +%s.%N >> '{folder}/attempts'\necho 'BMC does not answer' >&2\nexit 1\n", """
            IDLE_TIME=100000
            RETRIES_POWER_ON=2
            POWER_ON_BACKOFF=3
            EXTRA_NODES_FREE=2
            EXTRA_NODES_PERIOD=1
            SCHEDULER_CLASSES=clueslib.schedulers.CLUES_Scheduler_PowOn_Requests,clueslib.schedulers.CLUES_Scheduler_PowOn_Free
            """);
        using var host = await HostProcess.StartAsync(folder, config, port, Secret, ct);
        var attempts = Path.Combine(folder, "attempts");
        IReadOnlyList<double> Attempts() => File.Exists(attempts)
            ? File.ReadAllLines(attempts).Where(l => l.Length > 0).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList()
            : [];

        await UntilAsync(async () => (await NodeAsync(host, "wn1", ct)).GetProperty("quarantined").GetBoolean(), "quarantine", () => Log(folder), ct);
        var node = await NodeAsync(host, "wn1", ct);
        var tried = Attempts();
        Assert.That(tried, Has.Count.EqualTo(2), "RETRIES_POWER_ON = 2 tries");
        Assert.That(tried[1] - tried[0], Is.GreaterThanOrEqualTo(3 - 0.2), "the second try waits out POWER_ON_BACKOFF");
        Assert.That(node.GetProperty("why").GetString(), Does.Contain("quarantined after 2 failed power-ons"));
        Assert.That(Log(folder), Does.Contain("node wn1 is quarantined after 2 failed power-ons in a row"));
        Assert.That(await StatusAsync(host, ct), Does.Contain("quarantined: wn1 after 2 failed power-ons in a row"));
        Assert.That(await MetricsAsync(host, ct), Does.Contain("clues_nodes_quarantined 1\n").And.Contain("clues_node_quarantines_total 1\n"));
        var hookLog = Path.Combine(folder, "quarantined");
        await UntilAsync(() => Task.FromResult(File.Exists(hookLog)), "the QUARANTINE hook", () => Log(folder), ct);
        Assert.That(File.ReadAllText(hookLog), Is.EqualTo("wn1 2\n"), "the hook gets the node and its failure count");

        // PowOn_Free keeps asking for a second free node, every pass; the quarantined node is not chosen.
        await PassesAsync(host, 5, ct);
        Assert.That(Attempts(), Has.Count.EqualTo(2), "no try while quarantined");

        var reset = (object[])await new XmlRpcClient(host.Http, new Uri(host.BaseAddress, "RPC2")).CallAsync("reset_node_state", [Secret, "wn1"], ct);
        Assert.That(reset[0], Is.EqualTo(true));
        await UntilAsync(() => Task.FromResult(Attempts().Count >= 3), "a try after resetstate", () => Log(folder), ct);
        Assert.That(await MetricsAsync(host, ct), Does.Contain("clues_node_quarantine_releases_total{by=\"resetstate\"} 1\n"));
    }
}
