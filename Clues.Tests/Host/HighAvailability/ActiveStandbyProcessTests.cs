using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clues.Tests.E2E;
using Clues.Tests.FilePlugin;
using Clues.Tests.Host.Restart;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Clues.Tests.Host.HighAvailability;

/// <summary>
/// Two real <c>clues-host run</c> processes with <c>HA_ENABLED</c> on one SQLite file, a scripted LRMS and a power
/// manager that appends every command to a file (the plugin assembly copied into PLUGIN_DIR): exactly one acts, the
/// standby forwards the API to it, takes over after a <c>kill -9</c> resuming the power-on and the request waiting
/// for it, and a paused active one that comes back after losing the lease issues nothing.
/// </summary>
[TestFixture, Category("E2E"), NonParallelizable]
public sealed class ActiveStandbyProcessTests
{
    private const string Secret = "ha-s3cret";
    // A lease term of 3 s (two thirds), so a busy test machine does not make the active one miss its renewals.
    private const double Takeover = 4.5;
    private const double MaxWaitPowerOn = 10;

    /// <summary>Sends a signal with kill(1): STOP pauses the process as a hung machine would, CONT resumes it.</summary>
    private static int Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private sealed class Pair : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("clues-ha-").FullName;

        public List<HostProcess> Hosts { get; } = [];

        public string PowerLog => Path.Combine(Folder, "power.log");

        public IReadOnlyList<string> Commands() => !File.Exists(PowerLog) ? [] :
            File.ReadAllLines(PowerLog).Where(l => l.Length > 0).Select(l => string.Join(' ', l.Split(' ')[..2])).ToList();

        public string Log(string name) => File.Exists(Path.Combine(Folder, name + ".log")) ? File.ReadAllText(Path.Combine(Folder, name + ".log")) : "";

        public void Nodes(string json) => File.WriteAllText(Path.Combine(Folder, "nodes.json"), json);

        public string Config(string name, int port, double idleTime)
        {
            var plugins = Path.Combine(Folder, "plugins");
            if (!Directory.Exists(plugins))
            {
                Directory.CreateDirectory(plugins);
                File.Copy(Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll"), Path.Combine(plugins, "Clues.Tests.FilePlugin.dll"));
            }
            var config = Path.Combine(Folder, name + ".cfg");
            File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
                [general]
                DB_CONNECTION_STRING=sqlite://{Folder}/clues.db
                CLUES_SECRET_TOKEN={Secret}
                CLUES_HOST=127.0.0.1
                CLUES_PORT={port}
                LOG_FILE={Folder}/{name}.log
                LOG_LEVEL=debug
                LRMS_CLASS={FileLrms.PluginName}
                POWERMANAGER_CLASS={FilePowerManager.PluginName}
                PLUGIN_DIR={plugins}
                HA_ENABLED=1
                HA_TAKEOVER_S={Takeover}
                [monitoring]
                PERIOD_MONITORING_NODES=1
                PERIOD_LIFECYCLE=5
                MAX_WAIT_POWERON={MaxWaitPowerOn}
                DELAY_POWON=0
                [scheduling]
                PERIOD_SCHEDULE=1
                PERIOD_RECOVERY_NODES=1
                IDLE_TIME={idleTime}
                SCHEDULER_CLASSES=clueslib.schedulers.CLUES_Scheduler_PowOn_Requests,clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE
                [FILE]
                NODES_FILE={Folder}/nodes.json
                POWER_LOG={PowerLog}
                """));
            return config;
        }

        /// <summary>Starts a process and waits until its API answers (a standby's only once an active one answers).</summary>
        public async Task<HostProcess> StartAsync(string name, double idleTime, CancellationToken ct)
        {
            var port = Clues.Tests.Common.LoopbackPort.Free();
            var host = await HostProcess.StartAsync(Folder, Config(name, port, idleTime), port, Secret, ct);
            Hosts.Add(host);
            return host;
        }

        public long RequestRows()
        {
            using var connection = new SqliteConnection($"Data Source={Folder}/clues.db;Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM requests";
            return (long)command.ExecuteScalar()!;
        }

        public void Dispose()
        {
            foreach (var host in Hosts)
            {
                if (!host.HasExited)
                {
                    Signal(host.Id, "CONT");
                }
                host.Dispose();
            }
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static async Task<JsonElement> HaAsync(HostProcess host, CancellationToken ct) => await host.GetAsync("api/ha", ct);

    private static async Task<string> RoleAsync(HostProcess host, CancellationToken ct) =>
        (await HaAsync(host, ct)).GetProperty("role").GetString()!;

    private static async Task<JsonElement?> FindNodeAsync(HostProcess host, string name, CancellationToken ct) =>
        (await host.GetAsync("api/nodes", ct)).EnumerateArray().Where(n => n.GetProperty("name").GetString() == name)
            .Select(n => (JsonElement?)n).FirstOrDefault();

    /// <summary>The node as the process sees it, once its first monitoring pass has seen it.</summary>
    private static async Task<JsonElement> NodeAsync(HostProcess host, string name, CancellationToken ct)
    {
        JsonElement? node = null;
        await Until.TrueAsync($"{name} to be monitored", TimeSpan.FromSeconds(30), async () => (node = await FindNodeAsync(host, name, ct)) is not null, ct);
        return node!.Value;
    }

    [Test, CancelAfter(180_000)]
    public async Task ActiveKilledMidPowerOn_StandbyTakesOver_NoRequestLostOrDuplicated_NoCommandTwice(CancellationToken ct)
    {
        using var pair = new Pair();
        pair.Nodes("""{"wn1": "off", "wn2": "off"}""");
        var a = await pair.StartAsync("a", idleTime: 1000, ct);
        await Until.TrueAsync("a to be active", TimeSpan.FromSeconds(30), async () => await RoleAsync(a, ct) == "active", ct);
        var b = await pair.StartAsync("b", idleTime: 1000, ct);
        Assert.That(await RoleAsync(b, ct), Is.EqualTo("standby"));
        var seenFromB = await HaAsync(b, ct);
        Assert.That(seenFromB.GetProperty("active").GetProperty("address").GetString(), Is.EqualTo(a.BaseAddress.ToString()));
        Assert.That(pair.Log("b"), Does.Not.Contain("powering"), "a standby acts on nothing");

        // Created through the standby: forwarded to the active one.
        using var created = await b.Http.PostAsJsonAsync("api/requests", new { cpu = 1, memory = 512, taskCount = 1 }, ct);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync(ct));
        Assert.That(created.Headers.GetValues("X-Clues-Active").Single(), Is.EqualTo(seenFromB.GetProperty("active").GetProperty("holder").GetString()));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        await Until.TrueAsync("the power-on of wn1", TimeSpan.FromSeconds(15), () => Task.FromResult(pair.Commands().Count > 0), ct);
        var before = await NodeAsync(a, "wn1", ct);
        Assert.That(before.GetProperty("state").GetString(), Is.EqualTo("powon"));

        a.Kill();
        var killed = Stopwatch.StartNew();
        await Until.TrueAsync("b to take over", TimeSpan.FromSeconds(Takeover + 10), async () => await RoleAsync(b, ct) == "active", ct);
        var takeover = killed.Elapsed;

        var after = await NodeAsync(b, "wn1", ct);
        var queue = (await b.GetAsync("api/requests", ct)).EnumerateArray().ToList();
        Assert.That(after.GetProperty("state").GetString(), Is.EqualTo("powon"), "the power-on in flight is resumed, not repeated");
        Assert.That(after.GetProperty("timestampState").GetDouble(), Is.EqualTo(before.GetProperty("timestampState").GetDouble()).Within(0.001));
        Assert.That(queue.Select(r => (r.GetProperty("id").GetInt64(), r.GetProperty("state").GetString())), Is.EqualTo(new[] { (id, "attended") }));
        Assert.That(pair.Log("b"), Does.Contain("taking over as active (epoch 2) after the lease of"));
        // Within HA_TAKEOVER_S (term, look and start-up), with a margin for a busy machine.
        Assert.That(takeover.TotalSeconds, Is.LessThan(Takeover + 5), "takeover time");

        // wn1 never comes up: after MAX_WAIT_POWERON the request moves on to wn2, as in an uninterrupted run.
        await Until.TrueAsync("the power-on of wn2", TimeSpan.FromSeconds(MaxWaitPowerOn + 15), () => Task.FromResult(pair.Commands().Count > 1), ct);
        pair.Nodes("""{"wn1": "off", "wn2": "idle"}""");
        var left = await b.GetAsync(string.Create(CultureInfo.InvariantCulture, $"api/requests/{id}/wait?timeout=20"), ct);
        Assert.That(left.GetProperty("left").GetBoolean(), Is.True, "the request was served on wn2");
        Assert.That(pair.Commands(), Is.EqualTo(new[] { "on wn1", "on wn2" }), "each command once, in the uninterrupted run's order");
        Assert.That(pair.RequestRows(), Is.EqualTo(1), "the request is stored once");

        var metrics = await b.Http.GetStringAsync("metrics", ct);
        Assert.That(metrics, Does.Contain("clues_ha_active 1\n").And.Contain("clues_ha_epoch 2\n"));
    }

    [Test, CancelAfter(180_000)]
    public async Task PausedActive_ContinuedAfterLosingTheLease_IssuesNothing(CancellationToken ct)
    {
        using var pair = new Pair();
        // wn2 runs a job until both processes are up; then it is idle, and whoever is active powers it off once
        // IDLE_TIME has passed.
        pair.Nodes("""{"wn1": "off", "wn2": "used"}""");
        const double IdleTime = 8;
        var a = await pair.StartAsync("a", IdleTime, ct);
        await Until.TrueAsync("a to be active", TimeSpan.FromSeconds(30), async () => await RoleAsync(a, ct) == "active", ct);
        var b = await pair.StartAsync("b", IdleTime, ct);
        Assert.That(await RoleAsync(b, ct), Is.EqualTo("standby"));
        pair.Nodes("""{"wn1": "off", "wn2": "idle"}""");
        await Until.TrueAsync("a to see wn2 idle", TimeSpan.FromSeconds(10),
            async () => (await NodeAsync(a, "wn2", ct)).GetProperty("state").GetString() == "idle", ct);

        // Paused before IDLE_TIME has passed in its view.
        Assert.That(Signal(a.Id, "STOP"), Is.Zero);
        Assert.That(pair.Commands(), Is.Empty);
        await Until.TrueAsync("b to take over", TimeSpan.FromSeconds(Takeover + 10), async () => await RoleAsync(b, ct) == "active", ct);
        var newActiveMetrics = await b.Http.GetStringAsync("metrics", ct);
        await Until.TrueAsync("the power-off of wn2 by b", TimeSpan.FromSeconds(IdleTime + 15), () => Task.FromResult(pair.Commands().Count > 0), ct);

        // a comes back still believing it is active, with wn2 idle for longer than IDLE_TIME in its view.
        Assert.That(Signal(a.Id, "CONT"), Is.Zero);
        // Stepped down, then standing by again in a restarted host: until the second "standing by", the old host may
        // still answer while it stops.
        await Until.TrueAsync("a to step down and restart as a standby", TimeSpan.FromSeconds(30),
            async () => pair.Log("a").Contains("stepping down as active (epoch 1)", StringComparison.Ordinal)
                && pair.Log("a").Split("standing by as ").Length > 2 && await RoleAsync(a, ct) == "standby", ct,
            () => pair.Log("a"));

        Assert.That(pair.Commands(), Is.EqualTo(new[] { "off wn2" }), "only b powered wn2 off");
        Assert.That(newActiveMetrics, Does.Contain("clues_ha_active 1\n"));
        var fromA = await HaAsync(a, ct);
        Assert.That(fromA.GetProperty("active").GetProperty("epoch").GetInt64(), Is.EqualTo(2));
        var status = await a.Http.GetStringAsync("metrics", ct);
        Assert.That(status, Does.Contain("clues_ha_active 0\n").And.Not.Contain("clues_nodes{"), "a standby shows no cluster, not an empty one");
    }
}
