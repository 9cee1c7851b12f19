using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Core.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// The daemon keeps running when its plugins or schedulers misbehave (design decision 4, spec §1.3 Q1, §1.5):
/// a throwing LRMS within and past PERIOD_MONITORING_NODES_FAIL_GRACE, a power command that never returns, a
/// scheduler that throws.
/// </summary>
[TestFixture]
public sealed class CluesDaemonResilienceTests
{
    [Test, CancelAfter(10_000)]
    public async Task MonitorNodes_LrmsThrows_KeepsViewWithinGraceThenNodesGoUnknown(CancellationToken ct)
    {
        var time = new VirtualTimeProvider();
        await using var harness = new DaemonHarness(time);
        // The LRMS answers until t=50, then throws on every call. Monitoring runs every 5 s; grace is 120 s.
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).Returns(() => harness.Loop.Now <= 50
            ? Task.FromResult(DaemonHarness.Report(("wn1", NodeState.Idle), ("wn2", NodeState.Off)))
            : throw new InvalidOperationException("LRMS down"));
        var seen = new Dictionary<double, NodeState?>();
        foreach (var at in new[] { 60.5, 167.5, 170.5 })
        {
            harness.Loop.AddOneShot("look", at, _ =>
            {
                seen[at] = harness.StateOf("wn1");
                return ValueTask.CompletedTask;
            });
        }
        harness.Loop.EndAfterSecondsWithoutOneShotEvents = 1;
        harness.Daemon.Start();

        await harness.Loop.RunAsync(ct);

        Assert.That(seen[60.5], Is.EqualTo(NodeState.Idle), "failing for 10 s: the old view stays");
        Assert.That(seen[167.5], Is.EqualTo(NodeState.Idle), "failing for 115 s (< 120): the old view stays");
        Assert.That(seen[170.5], Is.EqualTo(NodeState.Unknown), "at 170 the failure lasted 120 s, not strictly less: nodes go UNKNOWN");
        Assert.That(harness.StateOf("wn2"), Is.EqualTo(NodeState.Unknown));
    }

    [Test, CancelAfter(10_000)]
    public async Task MonitorNodes_LrmsTimesOutThenRecovers_NodesComeBack(CancellationToken ct)
    {
        var time = new VirtualTimeProvider();
        await using var harness = new DaemonHarness(time, monitoring: new MonitoringOptions { PeriodMonitoringNodesFailGrace = 10 });
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).Returns(() => harness.Loop.Now is > 0 and < 30
            ? throw new TimeoutException("no answer")
            : Task.FromResult(DaemonHarness.Report(("wn1", NodeState.Idle))));
        NodeState? during = null;
        harness.Loop.AddOneShot("look", 22, _ =>
        {
            during = harness.StateOf("wn1");
            return ValueTask.CompletedTask;
        });
        harness.Loop.AddMarker("keep alive", 36);
        harness.Loop.EndAfterSecondsWithoutOneShotEvents = 1;
        harness.Daemon.Start();

        await harness.Loop.RunAsync(ct);

        Assert.That(during, Is.EqualTo(NodeState.Unknown), "past the 10 s grace the node is UNKNOWN");
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.Idle), "the LRMS answers again from 30: the node is back");
    }

    [Test, CancelAfter(20_000)]
    public async Task PowerOn_CommandHangsPastTimeout_LoopGoesOnAndNodeEndsOffErr(CancellationToken ct)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        var powerManager = new Mock<IPowerManager>();
        var hangs = new TaskCompletionSource<PowerResult>(); // never completes, and ignores its token
        powerManager.Setup(p => p.PowerOnAsync("wn1", It.IsAny<CancellationToken>())).Returns(hangs.Task);
        await using var harness = new DaemonHarness(time, powerManager: powerManager.Object, general: new GeneralOptions { TimeoutCommands = 10 });
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", NodeState.Off)));
        await harness.Daemon.MonitorNodesAsync(ct);
        var ticks = 0;
        (bool Success, string Node, string? Error)? result = null;
        // Started on the loop, awaited off it (as the API does): the result comes back as a later loop event.
        harness.Loop.AddOneShot("power on", 0, c =>
        {
            _ = harness.Daemon.PowerOnAsync("wn1", force: true, c).ContinueWith(t => result = t.Result, TaskScheduler.Default);
            return ValueTask.CompletedTask;
        });
        harness.Loop.AddPeriodic("tick", 1, 0.5, _ =>
        {
            Interlocked.Increment(ref ticks);
            return ValueTask.CompletedTask;
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = harness.Loop.RunAsync(stop.Token);

        // While the command hangs the loop goes on: the node shows POW_ON and other events still run.
        await WaitUntil(() => powerManager.Invocations.Count > 0, ct);
        time.Advance(TimeSpan.FromSeconds(5));
        await WaitUntil(() => Volatile.Read(ref ticks) >= 5, ct);
        Assert.That(result, Is.Null, "the command has not come back");
        Assert.That(await harness.Loop.InvokeAsync(_ => ValueTask.FromResult(harness.StateOf("wn1")), ct), Is.EqualTo(NodeState.PowOn));

        time.Advance(TimeSpan.FromSeconds(5)); // TIMEOUT_COMMANDS reached
        await WaitUntil(() => result is not null, ct);
        Assert.That(result!.Value.Success, Is.False);
        Assert.That(await harness.Loop.InvokeAsync(_ => ValueTask.FromResult(harness.StateOf("wn1")), ct), Is.EqualTo(NodeState.OffErr));

        var before = Volatile.Read(ref ticks);
        time.Advance(TimeSpan.FromSeconds(3));
        await WaitUntil(() => Volatile.Read(ref ticks) >= before + 3, ct);
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // stopping mid-wait is a cancellation
        }
        Assert.That(running.IsCompleted, Is.True);
    }

    [Test, CancelAfter(10_000)]
    public async Task RunChain_SchedulerThrows_LaterSchedulersStillRun(CancellationToken ct)
    {
        var failing = new Mock<IScheduler>();
        failing.Setup(s => s.Name).Returns("failing");
        failing.Setup(s => s.Schedule(It.IsAny<SchedulingContext>())).Throws(new InvalidOperationException("bug"));
        var next = new Mock<IScheduler>();
        next.Setup(s => s.Name).Returns("next");
        next.Setup(s => s.Schedule(It.IsAny<SchedulingContext>())).Callback<SchedulingContext>(c => c.CandidatesOff.Add("wn1")).Returns(true);
        await using var harness = new DaemonHarness(new VirtualTimeProvider(), schedulers: [failing.Object, next.Object]);
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", NodeState.Idle)));
        await harness.Daemon.MonitorNodesAsync(ct);

        var context = harness.Daemon.RunChain(harness.Loop.Now);

        failing.Verify(s => s.Schedule(It.IsAny<SchedulingContext>()), Times.Once);
        next.Verify(s => s.Schedule(It.IsAny<SchedulingContext>()), Times.Once);
        Assert.That(context.CandidatesOff, Is.EqualTo(new[] { "wn1" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task Schedule_SchedulerThrowsEveryPass_LoopKeepsScheduling(CancellationToken ct)
    {
        var passes = 0;
        var failing = new Mock<IScheduler>();
        failing.Setup(s => s.Name).Returns("failing");
        failing.Setup(s => s.Schedule(It.IsAny<SchedulingContext>())).Callback(() => passes++).Throws(new InvalidOperationException("bug"));
        await using var harness = new DaemonHarness(new VirtualTimeProvider(), schedulers: [failing.Object]);
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", NodeState.Idle)));
        harness.Loop.AddMarker("keep alive", 22);
        harness.Loop.EndAfterSecondsWithoutOneShotEvents = 1;
        harness.Daemon.Start();

        await harness.Loop.RunAsync(ct);

        Assert.That(passes, Is.EqualTo(5), "scheduling passes at 0, 5, 10, 15, 20 all ran");
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken ct)
    {
        // Waits for the loop's thread-pool continuations, not for a timer: the clock is fake.
        while (!condition())
        {
            await Task.Delay(5, ct);
        }
    }
}
