using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// A node whose power-on keeps failing, in the real daemon on virtual time: it is retried after a growing backoff,
/// quarantined after RETRIES_POWER_ON failures (no scheduler chooses it), released by QUARANTINE_TIME or by
/// <c>clues resetstate</c>, still quarantined after a restart, and a request waiting for it is served by another node.
/// </summary>
[TestFixture]
public sealed class PowerOnBackoffTests
{
    private static readonly (string, NodeState, double)[] OneOffNode = [("wn1", NodeState.Off, 1024)];

    [TestCase(3, 30, 2, 600, new double[] { 30, 60 }, TestName = "Defaults: 30 s, then 60 s, then quarantine")]
    [TestCase(5, 10, 3, 50, new double[] { 10, 30, 50, 50 }, TestName = "Factor 3, capped at 50 s")]
    [TestCase(3, 0, 2, 600, new double[] { 0, 0 }, TestName = "No backoff: retried at the next pass, as CLUES 2.3")]
    public async Task FailingNode_RetriedAfterEachBackoff_ThenQuarantined(int retries, double backoff, double factor, double max, double[] gaps)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var scheduling = new SchedulingOptions { RetriesPowerOn = retries, PowerOnBackoff = backoff, PowerOnBackoffFactor = factor, PowerOnBackoffMax = max };
        await using var rig = new PowerOnRig(scheduling, OneOffNode, broken: ["wn1"], keepOneFree: true);

        await rig.RunAsync(until: 2000, cts.Token);

        var times = rig.PowerOnTimes("wn1");
        Assert.That(times, Has.Count.EqualTo(retries), $"RETRIES_POWER_ON tries and no more; tried at {string.Join(", ", times)}");
        var measured = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        // A retry waits for the backoff, then for the next recovery or PowOn_Free pass (each every second).
        Assert.That(measured, Is.EqualTo(gaps).Within(2.01), $"gaps between tries: {string.Join(", ", measured)}");
        Assert.That(measured.Zip(gaps, (m, g) => m >= g).All(ok => ok), Is.True, "never before the backoff is over");
        var node = rig.Node("wn1");
        Assert.That(node.Quarantined, Is.True);
        Assert.That(node.QuarantinedUntil, Is.Null, "QUARANTINE_TIME = 0: only an operator releases it");
        Assert.That(node.Why, Does.Contain($"quarantined after {retries} failed power-ons").And.Contain("clues resetstate wn1"));
        Assert.That(rig.Daemon.Metrics.Quarantines, Is.EqualTo(1));
        Assert.That(rig.Metrics(), Does.Contain("clues_node_quarantines_total 1\n"));
        Assert.That(rig.Logger.Entries.Count(e => e.EventId.Id == 630), Is.EqualTo(1), "the quarantine is announced once");
    }

    [Test, CancelAfter(20_000)]
    public async Task FailingNode_DuringBackoff_WhyAndSnapshotTellWhenItIsTriedAgain(CancellationToken ct)
    {
        await using var rig = new PowerOnRig(new SchedulingOptions(), OneOffNode, broken: ["wn1"], keepOneFree: true);
        Clues.Core.Api.NodeSnapshot? during = null;
        double first = 0;
        rig.At(11, () =>
        {
            first = rig.PowerOnTimes("wn1")[0];
            during = rig.Node("wn1");
        });

        await rig.RunAsync(until: 12, ct);

        Assert.That(during!.State, Is.EqualTo(NodeState.OffErr));
        Assert.That(during.Quarantined, Is.False);
        Assert.That(during.PowerOnRetryAt, Is.EqualTo(first + 30).Within(0.001));
        Assert.That(during.Why, Does.Contain("backing off: not tried again for").And.Contain("POWER_ON_BACKOFF"));
    }

    [Test, CancelAfter(20_000)]
    public async Task RequestWaitingForFailingNode_IsServedByAnotherNode(CancellationToken ct)
    {
        (string, NodeState, double)[] nodes = [("wn1", NodeState.Off, 1024), ("wn2", NodeState.Off, 1024)];
        await using var rig = new PowerOnRig(new SchedulingOptions { IdleTime = 1000 }, nodes, broken: ["wn1"], keepOneFree: false);
        long id = 0;
        RequestState? state = null;
        rig.At(2, () => id = rig.Daemon.CreateRequest(new Resources(1, 512), null, []).Id);
        rig.At(60, () => state = rig.Daemon.Requests.Find(id)?.State);

        await rig.RunAsync(until: 60, ct);

        Assert.That(rig.Calls.Where(c => c.Action == "on").Select(c => c.Node), Is.EqualTo(new[] { "wn1", "wn2" }),
            "wn1 first (LRMS order), then wn2 while wn1 backs off; wn1 is not chosen again");
        Assert.That(state, Is.EqualTo(RequestState.Served));
        Assert.That(rig.Node("wn2").State, Is.EqualTo(NodeState.Idle));
    }

    [Test, CancelAfter(20_000)]
    public async Task QuarantineTime_ReleasesTheNodeWithAFreshSetOfRetries(CancellationToken ct)
    {
        var scheduling = new SchedulingOptions { RetriesPowerOn = 1, QuarantineTime = 100 };
        await using var rig = new PowerOnRig(scheduling, OneOffNode, broken: ["wn1"], keepOneFree: true);
        double? until = null;
        rig.At(50, () => until = rig.Node("wn1").QuarantinedUntil);

        await rig.RunAsync(until: 250, ct);

        var times = rig.PowerOnTimes("wn1");
        Assert.That(times, Has.Count.EqualTo(3), $"tried at {string.Join(", ", times)}");
        Assert.That(until, Is.EqualTo(times[0] + 100).Within(0.001));
        Assert.That(times[1] - times[0], Is.EqualTo(100).Within(2.01));
        Assert.That(times[2] - times[1], Is.EqualTo(100).Within(2.01));
        Assert.That(rig.Metrics(), Does.Contain("clues_node_quarantine_releases_total{by=\"time\"} 2\n"));
        Assert.That(rig.Node("wn1").Why, Does.Contain("QUARANTINE_TIME").And.Contain("UTC"));
    }

    [Test, CancelAfter(20_000)]
    public async Task ResetState_ReleasesTheQuarantine(CancellationToken ct)
    {
        var scheduling = new SchedulingOptions { RetriesPowerOn = 1 };
        await using var rig = new PowerOnRig(scheduling, OneOffNode, broken: ["wn1"], keepOneFree: true);
        var before = false;
        var after = true;
        rig.At(50, () =>
        {
            before = rig.Node("wn1").Quarantined;
            Assert.That(rig.Daemon.ResetNodeState("wn1").Success, Is.True);
            after = rig.Node("wn1").Quarantined;
        });

        await rig.RunAsync(until: 200, ct);

        Assert.That(before, Is.True);
        Assert.That(after, Is.False);
        var times = rig.PowerOnTimes("wn1");
        Assert.That(times, Has.Count.EqualTo(2), $"once before the reset, once after it; tried at {string.Join(", ", times)}");
        Assert.That(times[1], Is.InRange(50, 55));
        Assert.That(rig.Node("wn1").Quarantined, Is.True, "it failed again, and RETRIES_POWER_ON = 1");
        Assert.That(rig.Metrics(), Does.Contain("clues_node_quarantine_releases_total{by=\"resetstate\"} 1\n"));
    }

    [Test, CancelAfter(20_000)]
    public async Task Quarantine_SurvivesARestart(CancellationToken ct)
    {
        using var store = new InMemoryCluesStore();
        var scheduling = new SchedulingOptions { RetriesPowerOn = 2, PowerOnBackoff = 5 };
        await using (var first = new PowerOnRig(scheduling, OneOffNode, broken: ["wn1"], keepOneFree: true, store: store))
        {
            await first.RunAsync(until: 30, ct);
            Assert.That(first.PowerOnTimes("wn1"), Has.Count.EqualTo(2));
            Assert.That(first.Node("wn1").Quarantined, Is.True);
        }

        await using var second = new PowerOnRig(new SchedulingOptions { RetriesPowerOn = 2, PowerOnBackoff = 5 }, OneOffNode, broken: [],
            keepOneFree: true, store: store);
        await second.RunAsync(until: 300, ct, resume: true);

        Assert.That(second.Calls, Is.Empty, "PowOn_Free wants a free node, but the quarantined one is not chosen, and it is the only one");
        var node = second.Node("wn1");
        Assert.That(node.Quarantined, Is.True);
        Assert.That(node.PowerOnOperationFailed, Is.EqualTo(2));
    }
}
