using Clues.Core.Model;
using Clues.Core.Scheduling;
using Microsoft.Extensions.Logging;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>PowOff_IDLE (spec §4.4): enabled nodes IDLE for longer than IDLE_TIME and on for longer than COOLDOWN_NODES.</summary>
[TestFixture]
public sealed class PowOffIdleSchedulerTests
{
    private SchedulingScenario _s = null!;

    [SetUp]
    public void SetUp()
    {
        _s = new SchedulingScenario();
        _s.Scheduling.IdleTime = 20;
    }

    private List<string> Run(double now) => _s.Run(_s.PowOffIdle(), now).CandidatesOff;

    [TestCase(120.0, false)]
    [TestCase(120.001, true)]
    [TestCase(125.0, true)]
    public void Schedule_IdleSince100WithIdleTime20_ProposesOnlyStrictlyAfter120(double now, bool proposed)
    {
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 100).PoweredOnAt(0));

        Assert.That(Run(now), proposed ? Is.EqualTo(new[] { "wn1" }) : Is.Empty);
    }

    [TestCase(149.999, false)]
    [TestCase(150.0, false)]
    [TestCase(150.001, true)]
    public void Schedule_CooldownNodes_WaitsStrictlyLongerThanCooldownSincePowerOn(double now, bool proposed)
    {
        _s.Scheduling.CooldownNodes = 50;
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 100).PoweredOnAt(100));

        Assert.That(Run(now), proposed ? Is.EqualTo(new[] { "wn1" }) : Is.Empty);
    }

    [Test]
    public void Schedule_DisabledIdleNode_IsSkipped()
    {
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 0).Disabled(), NodeBuilder.Named("wn2").In(NodeState.Idle, 0));

        Assert.That(Run(500), Is.EqualTo(new[] { "wn2" }));
    }

    [TestCase(NodeState.Used)]
    [TestCase(NodeState.Off)]
    [TestCase(NodeState.PowOn)]
    [TestCase(NodeState.OnErr)]
    [TestCase(NodeState.Unknown)]
    public void Schedule_NodeNotIdle_IsSkipped(NodeState state)
    {
        _s.WithNodes(NodeBuilder.Named("wn1").In(state, 0));

        Assert.That(Run(500), Is.Empty);
    }

    [Test]
    public void Schedule_SeveralIdleNodes_ProposesThemInLrmsOrder()
    {
        _s.WithNodes(NodeBuilder.Named("wn3").In(NodeState.Idle, 0), NodeBuilder.Named("wn1").In(NodeState.Idle, 0), NodeBuilder.Named("wn2").In(NodeState.Idle, 110));

        Assert.That(Run(125), Is.EqualTo(new[] { "wn3", "wn1" }));
    }

    [Test]
    public void Schedule_SameProposalRunAfterRun_IsLoggedAtInformationOnceThenAtDebugUntilItStopsAndStartsAgain()
    {
        var logger = new RecordingLogger<PowOffIdleScheduler>();
        var scheduler = new PowOffIdleScheduler(_s.Scheduling, logger);
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 0));

        foreach (var now in new[] { 100.0, 102, 104 })
        {
            scheduler.Schedule(_s.Pass(now));
        }
        _s.Node("wn1").SetState(NodeState.Used, 105);
        scheduler.Schedule(_s.Pass(106));
        _s.Node("wn1").SetState(NodeState.Idle, 107);
        scheduler.Schedule(_s.Pass(200));

        Assert.That(logger.Entries.Select(e => e.Level), Is.EqualTo(new[]
        {
            LogLevel.Information, LogLevel.Debug, LogLevel.Debug, // proposed three runs in a row
            LogLevel.Information, // proposed again after a run in which the node was busy
        }));
        Assert.That(logger.Entries[0].Message, Does.Contain("wn1").And.Contain("proposing to power it off"));
    }
}
