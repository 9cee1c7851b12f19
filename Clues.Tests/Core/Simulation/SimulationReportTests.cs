using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Simulation;

/// <summary>The comparison figures of a simulation: energy against always-on and the lower bound, power-ons, waits.</summary>
[TestFixture]
public sealed class SimulationReportTests
{
    private static NodeSummary Node(string name, double on, double off, int powerOns) =>
        new(name, new Dictionary<NodeState, double> { [NodeState.Idle] = on, [NodeState.Off] = off }, powerOns);

    private static RequestSummary Released(long id, double created, double wait) => new(id, $"job{id}", created, RequestState.Served, created + wait);

    [Test]
    public void Of_TwoNodesTwoDays_ComputesEveryFigure()
    {
        var result = new SimulationResult
        {
            SimulatedSeconds = 2 * 86_400,
            Nodes = [Node("a", 36_000, 136_800, 3), Node("b", 7_200, 165_600, 1)],
            Requests = [Released(1, 0, 10), Released(2, 5, 30), Released(3, 9, 20), new RequestSummary(4, "job4", 50, RequestState.Pending, null)],
            JobsSubmitted = 5,
            JobsQueued = 1,
            WorkCoreSeconds = 4 * 3600 * 2, // 8 core-hours on nodes of 2 cores: 4 node-hours at least
            ClusterCores = 4,
        };

        var report = SimulationReport.Of("idle60.cfg", result);

        Assert.That(report.Label, Is.EqualTo("idle60.cfg"));
        Assert.That(report.SimulatedDays, Is.EqualTo(2));
        Assert.That(report.NodeHoursOn, Is.EqualTo(12).Within(1e-9));
        Assert.That(report.NodeHoursAlwaysOn, Is.EqualTo(96).Within(1e-9));
        Assert.That(report.OfAlwaysOn, Is.EqualTo(12.0 / 96).Within(1e-9));
        Assert.That(report.NodeHoursLowerBound, Is.EqualTo(4).Within(1e-9));
        Assert.That(report.OfLowerBound, Is.EqualTo(3).Within(1e-9));
        Assert.That(report.PowerOnsPerNodePerDay, Is.EqualTo(1).Within(1e-9), "4 power-ons / 2 nodes / 2 days");
        Assert.That((report.Requests, report.RequestsReleased), Is.EqualTo((4, 3)));
        Assert.That(report.Wait, Is.EqualTo(new WaitStatistics(20, 20, 30, 30)));
        Assert.That((report.JobsSubmitted, report.JobsQueuedAtEnd), Is.EqualTo((5, 1)));
    }

    [Test]
    public void Of_NothingReleased_NoWaitStatistics()
    {
        var report = SimulationReport.Of("x", new SimulationResult { SimulatedSeconds = 10, Requests = [new RequestSummary(1, "j", 0, RequestState.Blocked, null)] });

        Assert.That(report.Wait, Is.Null);
        Assert.That((report.OfAlwaysOn, report.OfLowerBound, report.PowerOnsPerNodePerDay), Is.EqualTo((0.0, 0.0, 0.0)), "no nodes: no division by zero");
    }

    [Test]
    public void WaitStatistics_NearestRankPercentiles()
    {
        var waits = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();

        var stats = WaitStatistics.Of(waits)!;

        Assert.That(stats, Is.EqualTo(new WaitStatistics(50.5, 50, 95, 100)));
        Assert.That(WaitStatistics.Of([7]), Is.EqualTo(new WaitStatistics(7, 7, 7, 7)));
    }

    [Test, CancelAfter(60_000)]
    public async Task Of_SimulatedRun_LowerBoundIsTheTraceWorkAndQueuedJobsCounted(CancellationToken ct)
    {
        // Two 1-core nodes; a 2-task job of 100 s, a 1-task job of 50 s, and a 3-task job that can never start.
        var lines = new[] { ";node;wn;1;1024;2", "10;job;1;256;100;2;", "20;job;1;256;50;1;", "30;job;1;256;40;3;" };
        var random = new Random(7);
        var config = new CluesConfig();
        config.Set("simulator", "POWERON_FAILURE_PROBABILITY", "0");

        var result = await new SimulationRunner(NullLoggerFactory.Instance).RunAsync(SimTrace.Parse(lines, "t.sim", random), config, null, random, ct);
        var report = SimulationReport.Of("defaults", result);

        Assert.That(report.NodeHoursLowerBound, Is.EqualTo((2 * 100 + 50 + 3 * 40) / 3600.0).Within(1e-9));
        Assert.That(report.JobsQueuedAtEnd, Is.EqualTo(1));
        Assert.That(report.JobsSubmitted, Is.EqualTo(3));
        Assert.That(report.NodeHoursOn, Is.GreaterThanOrEqualTo(report.NodeHoursLowerBound - 120 / 3600.0),
            "the nodes ran the two jobs that started");
        Assert.That(report.PowerOnsPerNodePerDay, Is.Positive);
    }
}
