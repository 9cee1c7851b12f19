using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Tests.Core.Persistence;
using NUnit.Framework;

namespace Clues.Tests.Core.Groups;

/// <summary>
/// The daemon with two node groups, in virtual time over a scripted LRMS: what it powers on and off, what
/// <c>--why</c> says, and each group's status line.
/// </summary>
[TestFixture]
public sealed class NodeGroupDaemonTests
{
    private static readonly Dictionary<string, string> TwoGroups = new()
    {
        ["scheduling.IDLE_TIME"] = "10",
        ["group:gpu.NODES"] = "gpu[1-3]",
        ["group:gpu.MAX_ON"] = "1",
        ["group:svc.NODES"] = "svc*",
        ["group:svc.MIN_ON"] = "1",
    };

    [Test, CancelAfter(10000)]
    public async Task TwoGroups_MinOnKeepsAServiceNodeMaxOnSendsTheSecondRequestElsewhere(CancellationToken ct)
    {
        var lrms = new ScriptedLrms();
        foreach (var gpu in new[] { "gpu1", "gpu2", "gpu3" })
        {
            lrms.States[gpu] = NodeState.Off;
        }
        lrms.States["svc1"] = NodeState.Idle;
        lrms.States["svc2"] = NodeState.Idle;
        var power = new RecordingPowerManager();
        await using var harness = DaemonHarness.Create(new InMemoryCluesStore(), lrms, power, 0, TwoGroups);
        var gpuOnMost = 0;
        async Task TickAsync(double second)
        {
            await harness.TickAsync(second, ct);
            var gpu = harness.Daemon.SnapshotGroups().Single(g => g.Name == "gpu");
            gpuOnMost = Math.Max(gpuOnMost, gpu.On + gpu.Booting);
        }

        await TickAsync(0);
        await TickAsync(20);
        Assert.That(harness.Daemon.SnapshotNodes().Select(n => (n.Name, n.Group)), Is.EquivalentTo(new (string, string?)[]
        {
            ("gpu1", "gpu"), ("gpu2", "gpu"), ("gpu3", "gpu"), ("svc1", "svc"), ("svc2", "svc"),
        }), "each node with its group");

        // Both service nodes idle past IDLE_TIME: one goes, MIN_ON keeps the other.
        Assert.That(power.Calls, Is.EqualTo(new[] { (20.0, "off", "svc1") }));
        Assert.That(harness.Daemon.SnapshotNodes().Single(n => n.Name == "svc2").Why,
            Is.EqualTo("group-minimum: kept on: group svc is at its minimum of 1 node on (MIN_ON)"));

        lrms.States["svc1"] = NodeState.Off;
        lrms.States["svc2"] = NodeState.Used;
        var first = harness.CreateRequest(2, 1024);
        var second = harness.CreateRequest(2, 1024);
        await TickAsync(30);

        // gpu2 was the next node in LRMS order for the second request, beyond the gpu group's MAX_ON.
        Assert.That(power.Calls.Skip(1), Is.EqualTo(new[] { (30.0, "on", "gpu1") }));
        Assert.That(harness.Daemon.SnapshotRequests().Single(r => r.Id == second).Why,
            Is.EqualTo("group-limit: group gpu is at its maximum of 1 node on (MAX_ON); it is placed when the group has room"));
        Assert.That(harness.Daemon.SnapshotGroups().Select(g => g.ToString()), Is.EqualTo(new[]
        {
            "group gpu: 0 on, 1 booting of 3 nodes (min 0, max 1, max booting -)",
            "group svc: 1 on, 0 booting of 2 nodes (min 1, max -, max booting -)",
        }));

        await TickAsync(35);

        // With the gpu group full, the second request goes to the service node that was powered off.
        Assert.That(power.Calls.Skip(2), Is.EqualTo(new[] { (35.0, "on", "svc1") }));
        var requests = harness.Daemon.SnapshotRequests();
        Assert.That(requests.Single(r => r.Id == first).State, Is.EqualTo(RequestState.Attended));
        Assert.That(requests.Single(r => r.Id == second).State, Is.EqualTo(RequestState.Attended));
        Assert.That(gpuOnMost, Is.EqualTo(1));
    }
}
