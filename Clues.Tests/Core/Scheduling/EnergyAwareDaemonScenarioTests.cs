using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Scheduling.EnergyAware;
using Clues.Tests.Core.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>
/// Energy_Aware in the real daemon, in virtual time: it measures the boot and shutdown of the nodes it powered, keeps
/// a reserve for the work that arrived, powers the rest off after their break-even time, and says why in <c>--why</c>.
/// </summary>
[TestFixture]
public sealed class EnergyAwareDaemonScenarioTests
{
    private static string? Why(DaemonHarness harness, string node) => harness.Daemon.SnapshotNodes().Single(n => n.Name == node).Why;

    [Test, CancelAfter(20000)]
    public async Task Daemon_NodesBootedForARequest_OneKeptInReserveTheOthersOffAfterTheirMeasuredBreakEven(CancellationToken ct)
    {
        var lrms = new ScriptedLrms();
        foreach (var name in new[] { "wn1", "wn2", "wn3" })
        {
            lrms.States[name] = NodeState.Off;
        }
        var power = new RecordingPowerManager();
        // The configured times (300 s boot, 60 s shutdown) are what the scheduler assumes until it measures.
        await using var harness = DaemonHarness.Create(new InMemoryCluesStore(), lrms, power, 0,
            new Dictionary<string, string> { ["monitoring.DELAY_POWON"] = "0", ["monitoring.DELAY_POWOFF"] = "0" },
            powerOffScheduler: (config, scheduling) => new EnergyAwareScheduler(config, scheduling, NullLogger<EnergyAwareScheduler>.Instance));
        await harness.TickAsync(0, ct);

        // A job of three 2-slot tasks arrives: the three nodes are powered on and come up 100 s later.
        harness.CreateRequest(2, 0, tasks: 3, maxPerNode: 1);
        await harness.TickAsync(5, ct);
        Assert.That(power.Calls.Count(c => c.Action == "on"), Is.EqualTo(3));
        foreach (var name in new[] { "wn1", "wn2", "wn3" })
        {
            lrms.States[name] = NodeState.Used;
        }
        await harness.TickAsync(105, ct);
        // The job ran for an hour on all three; then they are idle.
        foreach (var name in new[] { "wn1", "wn2", "wn3" })
        {
            lrms.States[name] = NodeState.Idle;
        }
        await harness.TickAsync(1000, ct);

        // Break-even = the measured 100 s boot + the configured 60 s shutdown; 6 slots in the last hour x 160 s
        // = 0.27 slots of reserve: one node (the freshest; all became idle together, so the first in order).
        Assert.That(Why(harness, "wn2"), Is.EqualTo("below-break-even: idle for 0 s, not more than its break-even time (160 s, from its boot and shutdown times): 160 s to go"));
        await harness.TickAsync(1161, ct);

        var off = power.Calls.Where(c => c.Action == "off").ToList();
        Assert.That(off, Has.Count.EqualTo(2), string.Join(", ", off));
        Assert.That(off.All(c => c.Second == 1161), Is.True);
        var kept = new[] { "wn1", "wn2", "wn3" }.Except(off.Select(c => c.Node)).Single();
        Assert.That(Why(harness, kept), Does.StartWith("kept-in-reserve: idle for 161 s, kept in the reserve of 0.27 idle slot(s): 6 slots/h requested"));

        // Once the arrivals are older than HISTORY (3600 s) the reserve is empty and the last node goes off too.
        await harness.TickAsync(5 + 3600 + 1, ct);
        Assert.That(power.Calls.Where(c => c.Action == "off").Select(c => c.Node), Does.Contain(kept));
    }
}
