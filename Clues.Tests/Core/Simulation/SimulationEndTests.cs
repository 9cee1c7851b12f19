using Clues.Core.Config;
using Clues.Core.Simulation;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Simulation;

/// <summary>When a simulation ends: with its trace, or once every node is retired and nothing can run again.</summary>
[TestFixture]
public sealed class SimulationEndTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("clues-simend-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private async Task<SimulationResult> RunAsync(string[] trace, CluesConfig config, CancellationToken ct)
    {
        var path = Path.Combine(_dir, "t.sim");
        File.WriteAllLines(path, trace);
        var random = new Random(1);
        return await new SimulationRunner(NullLoggerFactory.Instance).RunAsync(SimTrace.Load(path, random), config, null, random, ct);
    }

    [Test, CancelAfter(30_000)]
    public async Task EveryNodeRetired_RunEndsWithTheJobsLeftQueued(CancellationToken ct)
    {
        var config = DeterministicSimulation.Config();
        config.Set("simulator", "POWERON_FAILURE_PROBABILITY", "1");
        config.Set("scheduling", "RETRIES_POWER_ON", "2");

        var result = await RunAsync([";node;wn;1;1024;2", "10;job;1;512;30;1;", "500000;job;1;512;30;1;"], config, ct);

        Assert.That(result.EndedEarly, Does.Contain("RETRIES_POWER_ON"));
        Assert.That(result.SimulatedSeconds, Is.LessThan(500_000), "the second job's submission is never reached");
        Assert.That(result.Nodes.Select(n => n.Seconds.GetValueOrDefault(Clues.Core.Model.NodeState.OffErr)), Is.All.Positive);
        Assert.That((result.JobsSubmitted, result.JobsQueued), Is.EqualTo((1, 1)));
        Assert.That(result.Format(), Does.Contain("Ended early: every node is in OFF_ERR after 2 failed power-ons in a row"));
    }

    [Test, CancelAfter(30_000)]
    public async Task RetiredNodeWhoseMachineIsStillBooting_RunGoesOn(CancellationToken ct)
    {
        var config = DeterministicSimulation.Config();
        config.Set("simulator", "POWERON_DELAY_MIN", "400");
        config.Set("simulator", "POWERON_DELAY_MAX", "400");
        config.Set("scheduling", "RETRIES_POWER_ON", "1");

        // CLUES gives up on the power-on after MAX_WAIT_POWERON (300 s); the machine comes up at 400 s all the same.
        var result = await RunAsync([";node;wn;1;1024;1", "10;job;1;512;30;1;"], config, ct);

        Assert.That(result.EndedEarly, Is.Null);
        Assert.That(result.Nodes.Single().Seconds.GetValueOrDefault(Clues.Core.Model.NodeState.OffErr), Is.Positive, "it was retired for a while");
        Assert.That(result.JobsFinished, Is.EqualTo(1));
    }
}
