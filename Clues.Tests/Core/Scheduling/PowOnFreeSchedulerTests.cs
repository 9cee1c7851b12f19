using Clues.Core;
using Clues.Core.Model;
using Microsoft.Extensions.Logging;
using Clues.Core.Scheduling;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>PowOn_Free (spec §4.5): keeps EXTRA_SLOTS_FREE slots and EXTRA_NODES_FREE nodes available.</summary>
[TestFixture]
public sealed class PowOnFreeSchedulerTests
{
    private SchedulingScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new SchedulingScenario();

    private static NodeBuilder Node(string name, NodeState state, double slots = 2) => NodeBuilder.Named(name).WithSlots(slots).In(state);

    private SchedulingContext Run(double now, params string[] off) => Run(_s.PowOnFree(), now, off);

    private SchedulingContext Run(PowOnFreeScheduler scheduler, double now, params string[] off)
    {
        var pass = _s.Pass(now);
        pass.CandidatesOff.AddRange(off);
        scheduler.Schedule(pass);
        return pass;
    }

    [Test]
    public void Schedule_ExtraSlotsFreeWithTwoIdleNodesProposedOff_KeepsExactlyOne()
    {
        _s.Scheduling.ExtraSlotsFree = 2;
        _s.WithNodes(Node("wn2", NodeState.Idle), Node("wn1", NodeState.Idle));

        var pass = Run(100, "wn2", "wn1");

        Assert.That(pass.CandidatesOff, Is.EqualTo(new[] { "wn2" }), "wn1 (first by name) is vetoed; its 2 slots are enough");
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_ExtraSlotsFreeNotMetByOnNodes_PowersOnOffNodesByNameUntilMet()
    {
        _s.Scheduling.ExtraSlotsFree = 5;
        _s.WithNodes(Node("wn1", NodeState.Used, 4), Node("wnc", NodeState.Off), Node("wna", NodeState.Off), Node("wnb", NodeState.Off));
        _s.Node("wn1").SlotsFreeOriginal = 1;

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wna", "wnb" }), "needs 4 slots: two 2-slot nodes");
    }

    [Test]
    public void Schedule_ExtraNodesFree_PowersOnFirstOffNodeByName()
    {
        _s.Scheduling.ExtraNodesFree = 2;
        _s.WithNodes(Node("wn1", NodeState.Idle), Node("wnz", NodeState.Off), Node("wn10", NodeState.Off), Node("wn9", NodeState.Off));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn10" }), "ordinal name order");
        Assert.That(pass.CandidatesOn.RequestsFor("wn10"), Is.Empty);
    }

    [Test]
    public void Schedule_UsedNodes_CountSlotsButNotFreeNodes()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Used), Node("wn2", NodeState.Off));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn2" }));
    }

    [Test]
    public void Schedule_PoweringOnNode_CountsAsFreeNode()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.PowOn), Node("wn2", NodeState.Off));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_FreeSlots_AreTheLrmsFiguresNotTheReservations()
    {
        _s.Scheduling.ExtraSlotsFree = 2;
        _s.WithNodes(Node("wn1", NodeState.Idle), Node("wn2", NodeState.Off));
        _s.Node("wn1").Allocate(new Resources(2, 0));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_NegativeSlotCounts_CountAsZero()
    {
        _s.Scheduling.ExtraSlotsFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Idle, -1), Node("wn2", NodeState.Off, -1), Node("wn3", NodeState.Off));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn2", "wn3" }), "wn2 brings 0 slots, so wn3 is needed too");
    }

    [TestCase(29.999, false)]
    [TestCase(30.0, true)]
    public void Schedule_ExtraNodesPeriod_RunsFromAPeriodAfterCreation(double now, bool runs)
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Off));

        var pass = Run(_s.PowOnFree(createdAt: 0), now);

        Assert.That(pass.CandidatesOn.Count, Is.EqualTo(runs ? 1 : 0));
    }

    [Test]
    public void Schedule_WithinPeriodAfterARun_RunsOnlyToVetoPowerOffs()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Idle), Node("wn2", NodeState.Off));
        var scheduler = _s.PowOnFree(createdAt: 0);
        Run(scheduler, 30);

        var veto = Run(scheduler, 45, "wn1");

        Assert.That(veto.CandidatesOff, Is.Empty, "runs within the period because a power-off was proposed");
        Assert.That(veto.CandidatesOn.Count, Is.Zero, "keeping wn1 on is enough");
    }

    [Test]
    public void Schedule_WithinPeriodAndNoPowerOffs_DoesNothing()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Off));
        var scheduler = _s.PowOnFree(createdAt: 0);
        Run(scheduler, 30);

        var pass = Run(scheduler, 59.999);

        Assert.That(pass.CandidatesOn.Count, Is.Zero, "the node is still off but the period has not elapsed");
    }

    [TestCase(2, true)]
    [TestCase(3, false)]
    public void Schedule_OffErrNode_IsBootableWhileFailuresBelowRetries(int failures, bool chosen)
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.OffErr).WithFailures(failures));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Contains("wn1"), Is.EqualTo(chosen));
    }

    [TestCase(NodeState.Off)]
    [TestCase(NodeState.OffErr)]
    public void Schedule_DisabledBootableNode_IsNotChosen(NodeState state)
    {
        // FIX (spec §14 Q8): CLUES chose it every period and the daemon refused it every time.
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wna", state).Disabled(), Node("wnb", NodeState.Off));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wnb" }));
    }

    [Test]
    public void Schedule_Clues23Decisions_DisabledNodeChosenAsCluesDid()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.Scheduling.Clues23Decisions = true;
        _s.WithNodes(Node("wna", NodeState.Off).Disabled(), Node("wnb", NodeState.Off));

        var pass = Run(100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wna" }));
    }

    [Test]
    public void Schedule_NodeAlreadyOnCandidate_KeepsItsRequestsAndPlace()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Off), Node("wn2", NodeState.Off));
        var pass = _s.Pass(100);
        var motivating = RequestBuilder.WithId(1).Build();
        pass.CandidatesOn.GetOrAdd("wn1").Add(motivating);

        _s.PowOnFree().Schedule(pass);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1" }), "counted as bootable, not as free; chosen again, not duplicated");
        Assert.That(pass.CandidatesOn.RequestsFor("wn1"), Is.EqualTo(new[] { motivating }));
    }

    [Test]
    public void Schedule_NodeProposedOffTwice_VetoesEveryOccurrence()
    {
        _s.Scheduling.ExtraNodesFree = 1;
        _s.WithNodes(Node("wn1", NodeState.Idle));

        var pass = Run(100, "wn1", "wn1");

        Assert.That(pass.CandidatesOff, Is.Empty);
    }

    [Test]
    public void Schedule_NothingNeeded_ChangesNothing()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle), Node("wn2", NodeState.Off));

        var pass = Run(100, "wn1");

        Assert.That(pass.CandidatesOff, Is.EqualTo(new[] { "wn1" }));
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_KeepingTheSameNodeRunAfterRun_IsLoggedAtInformationOnceThenAtDebug()
    {
        _s.Scheduling.ExtraSlotsFree = 2;
        _s.WithNodes(Node("wn1", NodeState.Idle), Node("wn2", NodeState.Idle));
        var logger = new RecordingLogger<PowOnFreeScheduler>();
        var scheduler = new PowOnFreeScheduler(_s.Scheduling, new CluesClock(new Microsoft.Extensions.Time.Testing.FakeTimeProvider()), logger);

        Run(scheduler, 100, "wn1", "wn2");
        Run(scheduler, 102, "wn1", "wn2");
        Run(scheduler, 104, "wn2");     // wn1 is no longer proposed: its slots are enough, nothing is kept
        Run(scheduler, 106, "wn1", "wn2");

        Assert.That(logger.Entries.Select(e => (e.Level, e.Message)), Is.EqualTo(new[]
        {
            (LogLevel.Information, "PowOn_Free: keeping node wn1 on to keep EXTRA_SLOTS_FREE=2, EXTRA_NODES_FREE=0 available"),
            (LogLevel.Debug, "PowOn_Free: keeping node wn1 on to keep EXTRA_SLOTS_FREE=2, EXTRA_NODES_FREE=0 available"),
            (LogLevel.Information, "PowOn_Free: keeping node wn1 on to keep EXTRA_SLOTS_FREE=2, EXTRA_NODES_FREE=0 available"),
        }));
    }
}
