using Clues.Core.Config;
using Clues.Core.Simulation;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Groups;

/// <summary>The simulator runs the daemon with its node groups: the peaks it reports come from the node timeline.</summary>
[TestFixture]
public sealed class NodeGroupSimulationTests
{
    // Ten 2-core machines, six of them GPU nodes first in LRMS order; eight 2-core jobs of 100 s at once.
    private static readonly string[] Trace =
    [
        ";node;gpu;2;4096;6",
        ";node;cpu;2;4096;4",
        .. Enumerable.Range(0, 8).Select(_ => "10;job;2;512;100;1;"),
    ];

    private static Task<SimulationResult> RunAsync(CluesConfig config, CancellationToken ct)
    {
        var random = new Random(1);
        return new SimulationRunner(NullLoggerFactory.Instance).RunAsync(SimTrace.Parse(Trace, "groups.sim", random), config, null, random, ct);
    }

    [Test, CancelAfter(60_000)]
    public async Task GpuGroupMaxOn_NeverMoreGpuNodesOnAndEveryJobStillRuns(CancellationToken ct)
    {
        var uncapped = DeterministicSimulation.Config();
        uncapped.Set("group:gpu", "NODES", "gpu*");
        var capped = DeterministicSimulation.Config();
        capped.Set("group:gpu", "NODES", "gpu*");
        capped.Set("group:gpu", "MAX_ON", "2");

        var free = await RunAsync(uncapped, ct);
        var bounded = await RunAsync(capped, ct);

        Assert.That(free.Groups.Single().PeakOn, Is.GreaterThan(2), "without MAX_ON this trace has more GPU nodes on at once");
        Assert.That(bounded.Groups.Single(), Is.EqualTo(new GroupPeak("gpu", 2, 0, 2)));
        Assert.That((bounded.JobsFinished, bounded.JobsSubmitted), Is.EqualTo((8, 8)));
        Assert.That(bounded.Format(), Does.Contain("Group gpu: at most 2 node(s) on or booting at once (MIN_ON 0, MAX_ON 2)"));
    }
}
