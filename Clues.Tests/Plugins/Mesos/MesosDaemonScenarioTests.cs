using System.Text.Json.Nodes;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Mesos;

/// <summary>
/// The real daemon, schedulers and Mesos plugin on a test clock against a scripted Mesos master and Marathon whose
/// cluster changes as a cluster would: a Marathon app waits, CLUES powers an agent on, the app's task runs there, the
/// app is scaled to zero, the agent idles and CLUES powers it off once the master lists no task on it.
/// </summary>
[TestFixture]
public sealed class MesosDaemonScenarioTests
{
    [Test, CancelAfter(120_000)]
    public async Task PendingMarathonApp_AgentPoweredOnRunsItThenIdles_PoweredOff(CancellationToken ct)
    {
        await using var cluster = await FakeMesosCluster.StartAsync();
        cluster.SetMarathonApps("""{"apps":[{"id":"/web","instances":1,"cpus":1,"mem":512,"tasksRunning":0,"tasks":[]}]}""");
        var directory = Directory.CreateTempSubdirectory("clues-mesos-scenario-");
        try
        {
            var vnodes = Path.Combine(directory.FullName, "mesos_vnodes.info");
            await File.WriteAllTextAsync(vnodes, "wn1\n", ct);
            await RunAsync(cluster, vnodes, ct);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(FakeMesosCluster cluster, string vnodes, CancellationToken ct)
    {
        var machines = new ScriptedAgents(cluster);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        var config = MesosLrmsPluginTests.Config(cluster, vnodes);
        config.Set(GeneralOptions.Section, "TIMEOUT_COMMANDS", "100000");
        using var plugin = MesosLrmsPluginTests.Plugin(config, MesosLrmsPluginTests.NoDns, time);
        await using var daemon = new ScenarioDaemon(plugin, machines, time, () => cluster.Requests.Count);

        Task<NodeState?> StateAsync() => daemon.StateAsync("wn1", ct);
        Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds) => daemon.AdvanceUntilAsync(what, condition, seconds,
            async () => $"wn1 is {await StateAsync()}, power calls: {string.Join(", ", machines.Calls)}", ct);

        await AdvanceUntil("wn1 reported off", async () => await StateAsync() == NodeState.Off, 30);
        await AdvanceUntil("power-on of wn1 for the waiting Marathon app", () => Task.FromResult(machines.Calls.Contains("on wn1")), 120);
        await AdvanceUntil("wn1 registered and idle", async () => await StateAsync() == NodeState.Idle, 120);

        // Marathon launches the app's task on wn1; the master accounts for it.
        cluster.Edit(() =>
        {
            var app = cluster.LiveApps[0]!;
            app["tasks"] = new JsonArray(new JsonObject { ["id"] = "web.1", ["host"] = "wn1" });
            app["tasksRunning"] = 1;
            cluster.LiveTasks.Add(new JsonObject
            {
                ["id"] = "web.1", ["name"] = "web", ["slave_id"] = "S-wn1", ["state"] = "TASK_RUNNING",
                ["resources"] = new JsonObject { ["cpus"] = 1, ["mem"] = 512 },
            });
            ScriptedAgents.SetUsed(cluster, "S-wn1", 1, 512);
        });
        await AdvanceUntil("wn1 used by the app's task", async () => await StateAsync() == NodeState.Used, 60);
        time.Advance(TimeSpan.FromSeconds(60));
        await AdvanceUntil("another look at wn1 while the task runs", async () => await StateAsync() == NodeState.Used, 10);
        Assert.That(machines.Calls, Does.Not.Contain("off wn1"), "an agent running a task is never powered off");

        // The app is scaled to zero: its task ends and the agent's resources are free again.
        cluster.Edit(() =>
        {
            cluster.LiveApps.Clear();
            cluster.LiveTasks[0]!["state"] = "TASK_KILLED";
            ScriptedAgents.SetUsed(cluster, "S-wn1", 0, 0);
        });
        await AdvanceUntil("power-off of the idle wn1", () => Task.FromResult(machines.Calls.Contains("off wn1")), 120);
        await AdvanceUntil("wn1 off", async () => await StateAsync() == NodeState.Off, 120);

        Assert.That(machines.Calls, Is.EqualTo(new[] { "on wn1", "off wn1" }));
        Assert.That(cluster.Requests, Does.Contain("GET /master/tasks.json?limit=1000&offset=0"), "the agent was checked for tasks before its power-off");
    }

    /// <summary>A power manager that starts and stops agents by changing what the master reports.</summary>
    private sealed class ScriptedAgents(FakeMesosCluster cluster) : IPowerManager
    {
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return _calls.ToList();
                }
            }
        }

        public static void SetUsed(FakeMesosCluster cluster, string id, double cpus, double mem)
        {
            var agent = cluster.LiveAgents.Single(a => a!["id"]!.GetValue<string>() == id)!;
            agent["used_resources"] = new JsonObject { ["cpus"] = cpus, ["mem"] = mem };
        }

        public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
        {
            Record("on " + node);
            // The agent boots and registers with the master.
            cluster.Edit(() => cluster.LiveAgents.Add(new JsonObject
            {
                ["id"] = "S-" + node, ["hostname"] = node, ["active"] = true,
                ["resources"] = new JsonObject { ["cpus"] = 4, ["mem"] = 8192 },
                ["used_resources"] = new JsonObject { ["cpus"] = 0, ["mem"] = 0 },
            }));
            return Task.FromResult(PowerResult.Ok(node));
        }

        public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
        {
            Record("off " + node);
            // The master marks an agent that went away inactive.
            cluster.Edit(() => cluster.LiveAgents.Single(a => a!["hostname"]!.GetValue<string>() == node)!["active"] = false);
            return Task.FromResult(PowerResult.Ok(node));
        }

        private void Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
