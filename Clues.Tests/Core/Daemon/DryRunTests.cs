using Clues.Core.Api;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power;
using Microsoft.Extensions.Logging;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// <c>[general] DRY_RUN</c> in the real daemon on virtual time: it takes its decisions as usual, logs each once as
/// "would power on/off" and counts it, runs no power command, and leaves the nodes as the LRMS reports them (no
/// failure, no backoff, no unexpected change).
/// </summary>
[TestFixture]
public sealed class DryRunTests
{
    [Test, CancelAfter(20_000)]
    public async Task DryRun_DecidesAndLogsOnce_RunsNoPowerCommand_LeavesNodesAsReported(CancellationToken ct)
    {
        // wn1 (off) is the only node with the memory the request needs; wn2 is idle and goes past IDLE_TIME.
        (string, NodeState, double)[] nodes = [("wn1", NodeState.Off, 4096), ("wn2", NodeState.Idle, 1024)];
        await using var rig = new PowerOnRig(new SchedulingOptions { IdleTime = 10 }, nodes, broken: [], keepOneFree: false,
            general: new GeneralOptions { DryRun = true });
        long id = 0;
        rig.At(2, () => id = rig.Daemon.CreateRequest(new Resources(1, 2000), null, []).Id);

        await rig.RunAsync(until: 300, ct);

        Assert.That(rig.PowerManager.Invocations.Where(i => i.Method.Name is nameof(IPowerManager.PowerOnAsync) or nameof(IPowerManager.PowerOffAsync)),
            Is.Empty, "no power command");
        Assert.That(rig.Harness.Lrms.Invocations.Where(i => i.Method.Name is "PreparePowerOffAsync" or "PowerOnAsync" or "PowerOffAsync"),
            Is.Empty, "no LRMS power step (drain, resume) either");
        var decided = rig.Logger.Entries.Where(e => e.EventId.Id == 635).ToList();
        Assert.That(decided.Select(e => (e.Level, e.Message)), Is.EquivalentTo(new[]
        {
            (LogLevel.Information, $"dry run: would power on node wn1 for request {id} (DRY_RUN: no command is run)"),
            (LogLevel.Information, "dry run: would power off node wn2 (DRY_RUN: no command is run)"),
        }), "each decision once, though the schedulers take it again every pass");
        Assert.That(rig.Logger.Entries.Count(e => e.EventId.Id == 636 && e.Level == LogLevel.Debug), Is.GreaterThan(100),
            "the repeats are said to be the same decision, at Debug");
        Assert.That(rig.Daemon.Metrics.DryRunActions("on"), Is.EqualTo(1));
        Assert.That(rig.Daemon.Metrics.DryRunActions("off"), Is.EqualTo(1));
        Assert.That(rig.Metrics(), Does.Contain("clues_dry_run_power_actions_total{action=\"on\"} 1\n"));
        Assert.That(rig.Daemon.Metrics.PowerActions("on", "started") + rig.Daemon.Metrics.PowerActions("off", "started"), Is.Zero);
        var wn1 = rig.Node("wn1");
        var wn2 = rig.Node("wn2");
        Assert.That((wn1.State, wn1.PowerOnOperationFailed, wn1.Quarantined), Is.EqualTo((NodeState.Off, 0, false)),
            "the node CLUES would have powered on is still off, with no failure counted");
        Assert.That((wn2.State, wn2.PowerOffOperationFailed), Is.EqualTo((NodeState.Idle, 0)), "the node it would have powered off is still idle");
        Assert.That(rig.Daemon.DryRun, Is.True);
    }

    [Test, CancelAfter(20_000)]
    public async Task DryRun_StatusAndWhy_SayWhatWouldBePoweredAndThatTheRequestStaysWaiting(CancellationToken ct)
    {
        (string, NodeState, double)[] nodes = [("wn1", NodeState.Off, 4096), ("wn2", NodeState.Idle, 1024), ("wn3", NodeState.Off, 1024)];
        await using var rig = new PowerOnRig(new SchedulingOptions { IdleTime = 10 }, nodes, broken: [], keepOneFree: false,
            general: new GeneralOptions { DryRun = true });
        long id = 0;
        rig.At(2, () => id = rig.Daemon.CreateRequest(new Resources(1, 2000), null, []).Id);

        await rig.RunAsync(until: 300, ct);

        var status = rig.Daemon.SnapshotDryRun();
        Assert.That((status.Enabled, status.WouldPowerOn, status.WouldPowerOff), Is.EqualTo((true, 1L, 1L)), "counted once each, as /metrics");
        Assert.That(status.Recent.Select(d => (d.Action, d.Node, string.Join(",", d.Requests), d.Current)), Is.EquivalentTo(new[]
        {
            ("on", "wn1", id.ToString(System.Globalization.CultureInfo.InvariantCulture), true),
            ("off", "wn2", "", true),
        }));
        var on = status.Recent.Single(d => d.Action == "on");
        Assert.That((on.Since, on.LastDecided), Is.EqualTo((2d, 300d)).Within(1), "first decided when the request came, and still in the last pass");
        Assert.That(rig.Daemon.SnapshotRequests().Single(r => r.Id == id).Why,
            Is.EqualTo("dry-run: would power on wn1 for it; dry run (DRY_RUN), so it stays waiting"));
        Assert.That(rig.Node("wn1").Why, Is.EqualTo($"dry-run: would be powered on for request {id}; dry run (DRY_RUN), so no command is run and it stays off"));
        Assert.That(rig.Node("wn2").Why, Is.EqualTo("dry-run: would be powered off; dry run (DRY_RUN), so no command is run and it stays idle"));
        Assert.That(rig.Node("wn3").Why, Is.Null, "an off node nothing is decided for has nothing to explain");
    }

    [Test, CancelAfter(20_000)]
    public async Task DryRun_ADecisionThatStops_IsNoLongerCurrentAndNoLongerExplains(CancellationToken ct)
    {
        // wn2 is idle (a power-off decision), then used from 100 on.
        (string, NodeState, double)[] nodes = [("wn2", NodeState.Idle, 1024)];
        await using var rig = new PowerOnRig(new SchedulingOptions { IdleTime = 10 }, nodes, broken: [], keepOneFree: false,
            general: new GeneralOptions { DryRun = true });
        rig.Harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).Returns(() => Task.FromResult<IReadOnlyList<NodeInfo>>(
            [new NodeInfo("wn2", 2, rig.Harness.Loop.Now >= 100 ? 0 : 2, 1024, 1024, state: rig.Harness.Loop.Now >= 100 ? NodeState.Used : NodeState.Idle)]));

        await rig.RunAsync(until: 150, ct);

        var off = rig.Daemon.SnapshotDryRun().Recent.Single();
        Assert.That((off.Action, off.Node, off.Current), Is.EqualTo(("off", "wn2", false)));
        Assert.That(off.LastDecided, Is.LessThan(101));
        Assert.That(rig.Node("wn2").Why, Does.StartWith("busy:"));
    }

    [Test, CancelAfter(20_000)]
    public async Task NotDryRun_StatusIsOff(CancellationToken ct)
    {
        (string, NodeState, double)[] nodes = [("wn2", NodeState.Idle, 1024)];
        await using var rig = new PowerOnRig(new SchedulingOptions { IdleTime = 10 }, nodes, broken: [], keepOneFree: false);

        await rig.RunAsync(until: 30, ct);

        Assert.That(rig.Daemon.SnapshotDryRun(), Is.SameAs(DryRunStatus.Off));
        Assert.That(rig.Calls, Is.Not.Empty, "the power-off ran");
    }

    [Test, CancelAfter(20_000)]
    public async Task DryRun_ADecisionThatStopsAndComesBack_IsNewsAgain(CancellationToken ct)
    {
        // wn2 is idle, then used from 100 to 200 (no power-off decision), then idle again.
        (string, NodeState, double)[] nodes = [("wn2", NodeState.Idle, 1024)];
        await using var rig = new PowerOnRig(new SchedulingOptions { IdleTime = 10 }, nodes, broken: [], keepOneFree: false,
            general: new GeneralOptions { DryRun = true });
        rig.Harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).Returns(() => Task.FromResult<IReadOnlyList<NodeInfo>>(
            [new NodeInfo("wn2", 2, rig.Harness.Loop.Now is >= 100 and < 200 ? 0 : 2, 1024, 1024,
                state: rig.Harness.Loop.Now is >= 100 and < 200 ? NodeState.Used : NodeState.Idle)]));

        await rig.RunAsync(until: 300, ct);

        Assert.That(rig.Logger.Entries.Count(e => e.EventId.Id == 635), Is.EqualTo(2), "before and after the busy spell");
        Assert.That(rig.Daemon.Metrics.DryRunActions("off"), Is.EqualTo(2));
        Assert.That(rig.Calls, Is.Empty);
    }
}
