using Clues.Core;
using Clues.Core.Daemon;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>The order and timing rules of the control loop (spec §1.3), in virtual time.</summary>
[TestFixture]
public sealed class EventLoopTests
{
    private VirtualTimeProvider _time = null!;
    private EventLoop _loop = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new VirtualTimeProvider();
        _loop = new EventLoop(new CluesClock(_time), NullLogger<EventLoop>.Instance);
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_SameDueTime_OneShotBeforePeriodicThenRegistrationOrder(CancellationToken ct)
    {
        var order = new List<string>();
        _loop.AddPeriodic("p1", 100, 5, Record(order, "p1"));
        _loop.AddOneShot("o1", 5, Record(order, "o1"));
        _loop.AddPeriodic("p2", 100, 5, Record(order, "p2"));
        _loop.AddOneShot("o2", 5, Record(order, "o2"));
        _loop.AddOneShot("early", 4, Record(order, "early"));
        _loop.EndAfterSecondsWithoutOneShotEvents = 1;

        await _loop.RunAsync(ct);

        Assert.That(order, Is.EqualTo(new[] { "early@4", "o1@5", "o2@5", "p1@5", "p2@5" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_NoOneShotEventEver_EndsOnceQuietForTheLimit(CancellationToken ct)
    {
        // A simulation of an empty trace: only the daemon's periodic steps. It used to run for ever.
        var ticks = new List<string>();
        _loop.AddPeriodic("monitor", 1, 0, Record(ticks, "monitor"));
        _loop.EndAfterSecondsWithoutOneShotEvents = 10;

        await _loop.RunAsync(ct);

        Assert.That(ticks.Count, Is.InRange(10, 12));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_PeriodicStepsSharingAStart_RunBeforeAResultPostedMeanwhile(CancellationToken ct)
    {
        var order = new List<string>();
        _time.JumpTo(100);
        var since = _loop.Now;
        _loop.AddPeriodic("monitor", 1, 0, Record(order, "monitor"), since);
        _loop.AddPeriodic("schedule", 1, 0, Record(order, "schedule"), since);
        // Time passes while the steps are registered (JIT), and a plugin result is posted meanwhile.
        _time.JumpTo(100.004);
        _loop.AddOneShot("report", 0, Record(order, "report"));
        _loop.AddPeriodic("recover", 1, 0, Record(order, "recover"), since);
        _loop.AddPeriodic("late", 1, 0, Record(order, "late"));
        _loop.AddMarker("keep alive", 1.5);
        _loop.EndAfterSecondsWithoutOneShotEvents = 1;

        await _loop.RunAsync(ct);

        // The steps sharing the start run as one round; only a step registered without it comes after the result.
        Assert.That(order.Take(5), Is.EqualTo(new[] { "monitor@100.004", "schedule@100.004", "recover@100.004", "report@100.004", "late@100.004" }));
        Assert.That(order.Skip(5).Take(3), Is.EqualTo(new[] { "monitor@101", "schedule@101", "recover@101" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_PeriodicLate_CatchesUpBackToBackWithoutDrift(CancellationToken ct)
    {
        var ticks = new List<string>();
        // A slow step at t=0 (a hanging command, say) takes the clock to 35.
        _loop.AddOneShot("slow", 0, _ =>
        {
            _time.JumpTo(35);
            return ValueTask.CompletedTask;
        });
        _loop.AddPeriodic("tick", 10, 0, Record(ticks, "tick"));
        _loop.AddMarker("keep alive", 50);
        _loop.EndAfterSecondsWithoutOneShotEvents = 5;

        await _loop.RunAsync(ct);

        // Due at 0, 10, 20, 30: run late, back to back at 35; then on the original grid again.
        Assert.That(ticks.Take(6), Is.EqualTo(new[] { "tick@35", "tick@35", "tick@35", "tick@35", "tick@40", "tick@50" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_EventThrows_LoopGoesOn(CancellationToken ct)
    {
        var ran = new List<string>();
        _loop.AddPeriodic("failing", 5, 0, _ => throw new InvalidOperationException("boom"));
        _loop.AddPeriodic("healthy", 5, 0, Record(ran, "healthy"));
        _loop.AddMarker("keep alive", 12);
        _loop.EndAfterSecondsWithoutOneShotEvents = 0;

        await _loop.RunAsync(ct);

        Assert.That(ran, Is.EqualTo(new[] { "healthy@0", "healthy@5", "healthy@10" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_NoOneShotForLongerThanLimit_EndsStrictlyAfterIt(CancellationToken ct)
    {
        var ticks = new List<string>();
        _loop.AddPeriodic("tick", 1, 0, Record(ticks, "tick"));
        _loop.AddMarker("last job", 5);
        _loop.EndAfterSecondsWithoutOneShotEvents = 10;

        await _loop.RunAsync(ct);

        // The marker ran at 5; at 15 only 10 s have passed (not more), so the tick at 15 still runs; the loop ends at 16.
        Assert.That(_loop.Now, Is.EqualTo(16));
        Assert.That(ticks[^1], Is.EqualTo("tick@15"));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_SimulationWithNothingLeft_Ends(CancellationToken ct)
    {
        var ran = new List<string>();
        _loop.AddOneShot("only", 3, Record(ran, "only"));

        await _loop.RunAsync(ct);

        Assert.That(ran, Is.EqualTo(new[] { "only@3" }));
        Assert.That(_loop.EventsExecuted, Is.EqualTo(1));
    }

    private Func<CancellationToken, ValueTask> Record(List<string> into, string name) => _ =>
    {
        into.Add(FormattableString.Invariant($"{name}@{_loop.Now}"));
        return ValueTask.CompletedTask;
    };
}
