using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Tests.Core.Persistence;
using NUnit.Framework;

namespace Clues.Tests.Core.Explain;

/// <summary>The "why" of nodes and requests, read from a daemon in virtual time after real scheduling passes.</summary>
[TestFixture]
public sealed class DecisionExplainerTests
{
    private static async Task<DaemonHarness> StartAsync(Dictionary<string, NodeState> nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var lrms = new ScriptedLrms();
        foreach (var (name, state) in nodes)
        {
            lrms.States[name] = state;
        }
        var harness = DaemonHarness.Create(new InMemoryCluesStore(), lrms, new RecordingPowerManager(), 0, settings);
        await harness.TickAsync(0, CancellationToken.None);
        return harness;
    }

    private static string? NodeWhy(DaemonHarness harness, string name) => harness.Daemon.SnapshotNodes().Single(n => n.Name == name).Why;

    private static string? RequestWhy(DaemonHarness harness, long id) => harness.Daemon.SnapshotRequests().Single(r => r.Id == id).Why;

    [Test, CancelAfter(10000)]
    public async Task NodeWhy_IdleLessThanIdleTime_SaysIdleTooShortWithTimeLeft(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Idle });
        await harness.TickAsync(600, ct);

        Assert.That(NodeWhy(harness, "wn1"), Is.EqualTo("idle-too-short: idle for 600 s, not more than IDLE_TIME (1800 s): 1200 s to go"));
    }

    [Test, CancelAfter(10000)]
    public async Task NodeWhy_StatesThatHoldANode_NameTheRule(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Used, ["wn2"] = NodeState.Idle, ["wn3"] = NodeState.Off, ["wn4"] = NodeState.Off });
        harness.Daemon.EnableNode("wn2", false);
        await harness.Daemon.PowerOnAsync("wn4", force: true, ct);
        await harness.TickAsync(100, ct);

        Assert.That(NodeWhy(harness, "wn1"), Is.EqualTo("busy: running work: 2 of 2 slots in use"));
        Assert.That(NodeWhy(harness, "wn2"), Does.StartWith("disabled: "));
        Assert.That(NodeWhy(harness, "wn3"), Is.Null);
        Assert.That(NodeWhy(harness, "wn4"), Is.EqualTo("powering-on: powered on 100 s ago; OFF_ERR unless the LRMS reports it on within MAX_WAIT_POWERON (300 s), 200 s left"));
    }

    [Test, CancelAfter(10000)]
    public async Task NodeWhy_IdleNodeBookedForServedRequest_SaysBooked(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Idle },
            new Dictionary<string, string> { ["scheduling.IDLE_TIME"] = "10" });
        var id = harness.CreateRequest(1, 1);
        await harness.TickAsync(5, ct);

        Assert.That(NodeWhy(harness, "wn1"), Is.EqualTo($"booked: capacity booked for request(s) {id}"));
    }

    [Test, CancelAfter(10000)]
    public async Task RequestWhy_BootingNodes_WaitingForNodes(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Off });
        var id = harness.CreateRequest(1, 1);
        Assert.That(RequestWhy(harness, id), Does.StartWith("not-scheduled-yet: "));

        await harness.TickAsync(5, ct);
        await harness.TickAsync(20, ct);

        Assert.That(RequestWhy(harness, id), Is.EqualTo("waiting-for-nodes: waiting for wn1 (powon for 15 s)"));
    }

    [Test, CancelAfter(10000)]
    public async Task RequestWhy_TooBigForEveryNode_NeverSatisfiable(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Idle, ["wn2"] = NodeState.Off });
        var id = harness.CreateRequest(2, 1, tasks: 3);
        await harness.TickAsync(5, ct);

        Assert.That(RequestWhy(harness, id), Is.EqualTo(
            "never-satisfiable: 3 task(s) of 2 slot(s) and 1 memory, at most 3 per node: no node CLUES may use could hold it even if all were on and free"));
    }

    [Test, CancelAfter(10000)]
    public async Task RequestWhy_CapacityUsedNow_NoCapacityNow(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Idle, ["wn2"] = NodeState.Used });
        var id = harness.CreateRequest(1, 1, tasks: 2, maxPerNode: 1);
        await harness.TickAsync(5, ct);

        Assert.That(RequestWhy(harness, id), Does.StartWith("no-capacity-now: 2 task(s) of 1 slot(s)"));
    }

    [Test, CancelAfter(10000)]
    public async Task RequestWhy_NoNodeHasRoomForOneTask_NotServedAtOnceAndSaysWhatToDo(CancellationToken ct)
    {
        // CLUES 2.3, case 6 with an empty pool: the request is not kept waiting (BLOCKED) but marked not served.
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Used, ["wn2"] = NodeState.Used });
        var id = harness.CreateRequest(1, 1);
        await harness.TickAsync(5, ct);

        var request = harness.Daemon.SnapshotRequests().Single(r => r.Id == id);
        Assert.That(request.State, Is.EqualTo(RequestState.NotServed));
        Assert.That(request.Why, Does.StartWith("not-served-no-room: 1 task(s) of 1 slot(s) and 1 memory"));
        Assert.That(request.Why, Does.Contain("no node that is on or can be powered on had room for one task").And.Contain("submit it again"));
    }

    [Test, CancelAfter(10000)]
    public async Task RequestWhy_MaxBootingNodesReached_SaysSo(CancellationToken ct)
    {
        await using var harness = await StartAsync(new() { ["wn1"] = NodeState.Off, ["wn2"] = NodeState.Off },
            new Dictionary<string, string> { ["scheduling.MAX_BOOTING_NODES"] = "1" });
        var first = harness.CreateRequest(2, 1);
        var second = harness.CreateRequest(2, 1);
        await harness.TickAsync(5, ct);

        Assert.That(RequestWhy(harness, first), Does.StartWith("waiting-for-nodes: "));
        Assert.That(RequestWhy(harness, second), Is.EqualTo("max-booting-nodes: 1 node(s) booting, MAX_BOOTING_NODES is 1"));
    }
}
