using System.Text.Json.Nodes;
using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Plugins.Nomad;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Clues.Tests.Plugins.Nomad.NomadClusterObjects;

namespace Clues.Tests.Plugins.Nomad;

/// <summary>
/// The real daemon, schedulers and Nomad plugin on a test clock against a scripted Nomad agent whose cluster changes
/// as a cluster would: a task group waits, CLUES powers a node on and lifts its drain, the allocation runs there, it
/// ends, the node idles and CLUES drains it and powers it off.
/// </summary>
[TestFixture]
public sealed class NomadDaemonScenarioTests
{
    [Test, CancelAfter(120_000)]
    public async Task PendingGroup_NodePoweredOnRunsItThenIdles_DrainedAndPoweredOff(CancellationToken ct)
    {
        await using var api = await FakeNomadApi.StartAsync();
        // wn1 was powered off by CLUES earlier: registered, down, still ineligible from CLUES' drain.
        var wn1 = Node("wn1", status: "down", eligibility: "ineligible");
        wn1["LastDrain"] = new JsonObject { ["Status"] = "complete", ["Meta"] = new JsonObject { ["clues"] = "power-off" } };
        api.AddNode(wn1);
        api.AddJob(JobStub("work", status: "pending", groups: ("group", 1, 0, 0)), Job("work", tasks: [(2600, 1024)]));
        var vnodes = Path.Combine(Path.GetTempPath(), "clues-nomad-scenario-" + Guid.NewGuid().ToString("N") + ".info");
        await File.WriteAllTextAsync(vnodes, """[{"name": "wn1", "cpu": 4, "memory": "8Gi"}]""", ct);
        var machines = new ScriptedMachines(api);

        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
            using var plugin = new NomadLrmsPlugin(NomadLrmsPluginTests.Config(api, vnodes), NullLogger<NomadLrmsPlugin>.Instance);
            await using var scenario = new ScenarioDaemon(plugin, machines, time, () => api.Requests.Count);
            Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds) =>
                scenario.AdvanceUntilAsync(what, condition, seconds,
                    async () => $"wn1 is {await scenario.StateAsync("wn1", ct)}, power calls: {string.Join(", ", machines.Calls)}", ct);
            Task<NodeState?> StateAsync() => scenario.StateAsync("wn1", ct);

            await AdvanceUntil("power-on of wn1 for the pending task group", () => Task.FromResult(machines.Calls.Contains("on wn1")), 120);
            await AdvanceUntil("wn1 up and idle", async () => await StateAsync() == NodeState.Idle, 120);
            Assert.That(api.Node("wn1")["SchedulingEligibility"]!.GetValue<string>(), Is.EqualTo("eligible"), "CLUES' drain is lifted once the node is on");

            // Nomad places the group on wn1.
            api.Edit(() =>
            {
                api.AddAllocation(Allocation("work-1", "wn1", "work", cpuMhz: 2600, memoryMb: 1024));
                var stub = api.LiveJob("work");
                stub["Status"] = "running";
                stub["JobSummary"]!["Summary"]!["group"]!["Queued"] = 0;
                stub["JobSummary"]!["Summary"]!["group"]!["Running"] = 1;
            });
            await AdvanceUntil("wn1 used by the allocation", async () => await StateAsync() == NodeState.Used, 60);
            time.Advance(TimeSpan.FromSeconds(60));
            await AdvanceUntil("another look at wn1 while the allocation runs", async () => await StateAsync() == NodeState.Used, 10);
            Assert.That(machines.Calls, Does.Not.Contain("off wn1"), "a node running an allocation is never powered off");

            api.Edit(() =>
            {
                api.LiveAllocation("work-1")["ClientStatus"] = "complete";
                api.LiveJob("work")["Status"] = "dead";
            });
            await AdvanceUntil("power-off of the idle wn1", () => Task.FromResult(machines.Calls.Contains("off wn1")), 120);
            await AdvanceUntil("wn1 off", async () => await StateAsync() == NodeState.Off, 120);

            Assert.That(machines.DrainedWhenPoweredOff, Is.True, "drained by CLUES before the power manager ran");
            Assert.That(machines.Calls, Is.EqualTo(new[] { "on wn1", "off wn1" }));
        }
        finally
        {
            File.Delete(vnodes);
        }
    }

    /// <summary>A power manager that starts and stops machines by changing what the Nomad agent reports.</summary>
    private sealed class ScriptedMachines(FakeNomadApi api) : IPowerManager
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

        public bool? DrainedWhenPoweredOff { get; private set; }

        public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
        {
            Record("on " + node);
            api.Edit(() =>
            {
                api.LiveNode(node)["Status"] = "ready";
                api.AddAllocation(Allocation("logs-" + node, node, "logs", jobType: "system", cpuMhz: 100, memoryMb: 64));
            });
            return Task.FromResult(PowerResult.Ok(node));
        }

        public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
        {
            Record("off " + node);
            api.Edit(() =>
            {
                var live = api.LiveNode(node);
                DrainedWhenPoweredOff = live["SchedulingEligibility"]?.GetValue<string>() == "ineligible"
                    && live["LastDrain"]?["Meta"]?["clues"]?.GetValue<string>() == "power-off";
                live["Status"] = "down";
                api.LiveAllocation("logs-" + node)["ClientStatus"] = "lost";
            });
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
