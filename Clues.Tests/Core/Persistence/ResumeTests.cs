using System.Globalization;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// A daemon restarted on the same database makes the same decisions as one that ran without interruption:
/// power actions in flight keep their deadline, idle nodes their idle-since time, error counters their count,
/// and the request queue its requests and bookings.
/// </summary>
[TestFixture]
public sealed class ResumeTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("clues-resume-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    // The node boot fails (the LRMS keeps wn1 off): at 5+300 (MAX_WAIT_POWERON) wn1 goes OFF_ERR and the request moves to wn2, which
    // comes up at 330 and serves it.
    private static void Script(ScriptedLrms lrms, double second)
    {
        lrms.States["wn1"] = NodeState.Off;
        lrms.States["wn2"] = second >= 330 ? NodeState.Idle : NodeState.Off;
    }

    private async Task<(List<string> Trace, List<(double, string, string)> Calls)> RunAsync(double? restartAt, bool resume, CancellationToken ct)
    {
        using var store = new SqliteCluesStore(Path.Combine(_folder, $"clues-{restartAt}-{resume}.db"));
        var lrms = new ScriptedLrms();
        var power = new RecordingPowerManager();
        Script(lrms, 0);
        var harness = DaemonHarness.Create(store, lrms, power, 0);
        var trace = new List<string>();
        try
        {
            for (var second = 0.0; second <= 400; second += 5)
            {
                if (second == restartAt)
                {
                    // As kill -9: nothing is flushed or stopped; the new daemon only has the database.
                    await harness.DisposeAsync();
                    harness = DaemonHarness.Create(store, lrms, power, second, resume: resume);
                }
                Script(lrms, second);
                if (second == 5)
                {
                    harness.CreateRequest(1, 1024);
                }
                await harness.TickAsync(second, ct);
                trace.Add(Describe(harness));
            }
        }
        finally
        {
            await harness.DisposeAsync();
        }
        return (trace, power.Calls);
    }

    private static string Describe(DaemonHarness harness)
    {
        var nodes = harness.Daemon.Nodes.Select(n => string.Create(CultureInfo.InvariantCulture,
            $"{n.Name}:{n.State.ToDisplay()}@{n.TimestampState} on@{n.TimestampPoweredOn} fail={n.PowerOnOperationFailed}/{n.PowerOffOperationFailed} {(n.Enabled ? "enabled" : "disabled")}"));
        var requests = harness.Daemon.Requests.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"r{r.Id}:{r.State.ToDisplay()}@{r.TimestampState} booked={string.Join('+', harness.Daemon.Bookings.Find(r.Id)?.Nodes ?? [])}"));
        return string.Create(CultureInfo.InvariantCulture, $"t={harness.Now}: {string.Join(", ", nodes)} | {string.Join(", ", requests)}");
    }

    [TestCase(100, Description = "mid power-on, request ATTENDED")]
    [TestCase(305, Description = "at the power-on deadline")]
    [TestCase(310, Description = "just after the power-on timed out and wn2 was chosen")]
    [TestCase(335, Description = "after wn2 came up")]
    [CancelAfter(30000)]
    public async Task Restart_WithResume_SameDecisionsAsUninterruptedRun(double restartAt, CancellationToken ct)
    {
        var (expectedTrace, expectedCalls) = await RunAsync(null, resume: true, ct);

        var (trace, calls) = await RunAsync(restartAt, resume: true, ct);

        Assert.That(expectedCalls, Is.EqualTo(new[] { (5.0, "on", "wn1"), (305.0, "on", "wn2") }), "the scenario itself");
        Assert.That(calls, Is.EqualTo(expectedCalls));
        Assert.That(trace, Is.EqualTo(expectedTrace));
    }

    [Test, CancelAfter(30000)]
    public async Task Restart_WithoutResume_ForgetsThePowerOnAndTheRequest(CancellationToken ct)
    {
        var (expectedTrace, expectedCalls) = await RunAsync(null, resume: true, ct);

        var (trace, calls) = await RunAsync(100, resume: false, ct);

        Assert.That(calls, Is.Not.EqualTo(expectedCalls));
        Assert.That(trace[^1], Is.Not.EqualTo(expectedTrace[^1]));
    }

    [Test, CancelAfter(30000)]
    public async Task Restart_IdleNode_KeepsIdleSinceTime(CancellationToken ct)
    {
        using var store = new SqliteCluesStore(Path.Combine(_folder, "idle.db"));
        var lrms = new ScriptedLrms();
        lrms.States["wn1"] = NodeState.Idle;
        var power = new RecordingPowerManager();
        var first = DaemonHarness.Create(store, lrms, power, 0);
        for (var t = 0.0; t < 1000; t += 5)
        {
            await first.TickAsync(t, ct);
        }
        await first.DisposeAsync();

        await using var second = DaemonHarness.Create(store, lrms, power, 1000);
        for (var t = 1000.0; t <= 1810; t += 5)
        {
            await second.TickAsync(t, ct);
        }

        Assert.That(power.Calls, Is.EqualTo(new[] { (1805.0, "off", "wn1") }), "IDLE_TIME 1800 counted from 0, not from the restart");
    }

    [Test, CancelAfter(30000)]
    public async Task Restart_ErrorCountersAndEnableFlags_AreKept(CancellationToken ct)
    {
        using var store = new SqliteCluesStore(Path.Combine(_folder, "counters.db"));
        var lrms = new ScriptedLrms();
        lrms.States["wn1"] = NodeState.Off;
        lrms.States["wn2"] = NodeState.Off;
        var power = new RecordingPowerManager();
        // POWER_ON_BACKOFF=0: recovered at the first recovery pass after the timeout, as in CLUES 2.3.
        var first = DaemonHarness.Create(store, lrms, power, 0,
            new Dictionary<string, string> { ["scheduling.PERIOD_RECOVERY_NODES"] = "5", ["scheduling.POWER_ON_BACKOFF"] = "0" });
        await first.TickAsync(0, ct);
        first.Daemon.EnableNode("wn2", false);
        await first.Daemon.PowerOnAsync("wn1", force: true, ct);
        await first.TickAsync(305, ct);
        var before = first.Daemon.Nodes.Single(n => n.Name == "wn1");
        Assert.That((before.State, before.PowerOnOperationFailed), Is.EqualTo((NodeState.Off, 1)), "timed out, recovered to OFF");
        await first.DisposeAsync();

        await using var second = DaemonHarness.Create(store, lrms, power, 400);
        await second.TickAsync(400, ct);

        var wn1 = second.Daemon.Nodes.Single(n => n.Name == "wn1");
        var wn2 = second.Daemon.Nodes.Single(n => n.Name == "wn2");
        Assert.That((wn1.State, wn1.PowerOnOperationFailed, wn1.TimestampState), Is.EqualTo((NodeState.Off, 1, 305.0)));
        Assert.That(wn2.Enabled, Is.False);
    }

    [Test, CancelAfter(30000)]
    public async Task Restart_RequestIds_ContinueAfterTheQueue(CancellationToken ct)
    {
        using var store = new InMemoryCluesStore();
        var lrms = new ScriptedLrms();
        lrms.States["wn1"] = NodeState.Off;
        var power = new RecordingPowerManager();
        var first = DaemonHarness.Create(store, lrms, power, 0);
        var id1 = first.CreateRequest(100, 1);
        var id2 = first.CreateRequest(1, 1);
        await first.TickAsync(0, ct);
        await first.DisposeAsync();

        await using var second = DaemonHarness.Create(store, lrms, power, 10);
        var id3 = second.CreateRequest(1, 1);

        Assert.That(second.Daemon.Requests.Select(r => r.Id), Is.EqualTo(new[] { id1, id2, id3 }));
        Assert.That(id3, Is.GreaterThan(id2));
    }
}
