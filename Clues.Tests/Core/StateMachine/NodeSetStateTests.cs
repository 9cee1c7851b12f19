using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.StateMachine;

/// <summary>Side effects of accepted changes (spec §2.5) and the off-glitch restoration (spec §2.6).</summary>
[TestFixture]
public sealed class NodeSetStateTests
{
    private Mock<INodeHooks> _hooks = null!;
    private MonitoringOptions _timings = null!;

    [SetUp]
    public void SetUp()
    {
        _hooks = new Mock<INodeHooks>();
        _timings = new MonitoringOptions();
    }

    private NodeBuilder Node(NodeState state, double since) =>
        NodeBuilder.Named("wn1").In(state, since).WithRules(new NodeRules(_timings, _hooks.Object, new RecordingLogger()));

    [Test]
    public void SetState_OffToIdle_FiresUnexpectedPowerOnAndPoweredOnAndResetsOnFailures()
    {
        var node = Node(NodeState.Off, 0).WithFailures(powerOn: 2, powerOff: 1).Build();

        node.SetState(NodeState.Idle, 500);

        _hooks.Verify(h => h.PoweredOn("wn1", true), Times.Once);
        _hooks.VerifyNoOtherCalls();
        Assert.That(node.PowerOnOperationFailed, Is.Zero);
        Assert.That(node.PowerOffOperationFailed, Is.EqualTo(1), "only the on-failure counter is reset");
        Assert.That(node.TimestampPoweredOn, Is.EqualTo(500));
    }

    [Test]
    public void SetState_UnknownToIdle_FiresOnlyPoweredOn()
    {
        var node = Node(NodeState.Unknown, 0).Build();

        node.SetState(NodeState.Idle, 500);

        _hooks.Verify(h => h.PoweredOn("wn1", false), Times.Once);
        _hooks.VerifyNoOtherCalls();
    }

    [Test]
    public void SetState_IdleToOff_FiresUnexpectedPowerOffAndPoweredOffAndResetsOffFailures()
    {
        var node = Node(NodeState.Idle, 0).WithFailures(powerOn: 1, powerOff: 2).Build();

        node.SetState(NodeState.Off, 500);

        _hooks.Verify(h => h.PoweredOff("wn1", true), Times.Once);
        _hooks.VerifyNoOtherCalls();
        Assert.That(node.PowerOffOperationFailed, Is.Zero);
        Assert.That(node.PowerOnOperationFailed, Is.EqualTo(1));
        Assert.That(node.TimestampPoweredOff, Is.EqualTo(500));
    }

    [Test]
    public void SetState_PowOnToIdleAfterDelay_FiresPoweredOn()
    {
        var node = Node(NodeState.PowOn, 100).Build();

        Assert.That(node.SetState(NodeState.Idle, 100 + _timings.DelayPowOn), Is.True);

        _hooks.Verify(h => h.PoweredOn("wn1", false), Times.Once);
        _hooks.VerifyNoOtherCalls();
        Assert.That(node.TimestampPoweredOn, Is.EqualTo(110));
    }

    [Test]
    public void SetState_PowOnToPowOff_FiresNothing()
    {
        var node = Node(NodeState.PowOn, 100).Build();

        Assert.That(node.SetState(NodeState.PowOff, 105), Is.True);

        _hooks.VerifyNoOtherCalls();
        Assert.That(node.TimestampPoweredOn, Is.EqualTo(100), "power timestamps untouched");
        Assert.That(node.TimestampPoweredOff, Is.EqualTo(100));
    }

    [Test]
    public void SetState_IdleToUsedAndBack_FiresUsedThenIdleWithoutPoweredOn()
    {
        var node = Node(NodeState.Idle, 0).PoweredOnAt(0).Build();

        node.SetState(NodeState.Used, 10);
        node.SetState(NodeState.Idle, 20);

        _hooks.Verify(h => h.Used("wn1"), Times.Once);
        _hooks.Verify(h => h.Idle("wn1"), Times.Once);
        _hooks.VerifyNoOtherCalls();
        Assert.That(node.TimestampPoweredOn, Is.Zero, "staying on does not count as powering on");
    }

    [Test]
    public void SetState_RepeatedPowerOnTimeouts_CountsConsecutiveFailures()
    {
        var node = Node(NodeState.PowOn, 0).WithFailures(powerOn: 1).Build();

        node.SetState(NodeState.OffErr, 50);
        node.SetState(NodeState.PowOn, 60);
        node.SetState(NodeState.Off, 60 + _timings.MaxWaitPowerOn);

        _hooks.Verify(h => h.OffErr("wn1", 2), Times.Once);
        _hooks.Verify(h => h.OffErr("wn1", 3), Times.Once);
        _hooks.VerifyNoOtherCalls();
        Assert.That(node.State, Is.EqualTo(NodeState.OffErr));
        Assert.That(node.PowerOnOperationFailed, Is.EqualTo(3));
    }

    [Test]
    public void SetState_PowOffTimesOut_CountsOffFailureAndFiresOnErr()
    {
        var node = Node(NodeState.PowOff, 0).WithFailures(powerOn: 0, powerOff: 2).Build();

        node.SetState(NodeState.Used, _timings.MaxWaitPowerOff);

        _hooks.Verify(h => h.OnErr("wn1", 3), Times.Once);
        _hooks.VerifyNoOtherCalls();
        Assert.That(node.State, Is.EqualTo(NodeState.OnErr));
        Assert.That(node.PowerOffOperationFailed, Is.EqualTo(3));
    }

    [Test]
    public void SetState_ToUnknown_FiresUnknown()
    {
        var node = Node(NodeState.Used, 0).Build();

        node.SetState(NodeState.Unknown, 5);

        _hooks.Verify(h => h.Unknown("wn1"), Times.Once);
        _hooks.VerifyNoOtherCalls();
    }

    [Test]
    public void SetState_Accepted_SnapshotsPreviousValuesAndNotifiesStateChanged()
    {
        var changes = new List<(NodeState Old, NodeState New, double At)>();
        var rules = new NodeRules(_timings, _hooks.Object, new RecordingLogger()) { StateChanged = (n, old, at) => changes.Add((old, n.State, at)) };
        var node = NodeBuilder.Named("wn1").In(NodeState.Idle, 10).PoweredOnAt(5).PoweredOffAt(1).WithFailures(1, 2).WithRules(rules).Build();

        node.SetState(NodeState.PowOff, 40);

        Assert.Multiple(() =>
        {
            Assert.That(node.PrevState, Is.EqualTo(NodeState.Idle));
            Assert.That(node.PrevTimestampState, Is.EqualTo(10));
            Assert.That(node.PrevTimestampPoweredOn, Is.EqualTo(5));
            Assert.That(node.PrevTimestampPoweredOff, Is.EqualTo(1));
            Assert.That(node.PrevPowerOnOperationFailed, Is.EqualTo(1));
            Assert.That(node.PrevPowerOffOperationFailed, Is.EqualTo(2));
            Assert.That(changes, Is.EqualTo(new[] { (NodeState.Idle, NodeState.PowOff, 40.0) }));
        });
    }

    [Test]
    public void SetState_Rejected_LeavesEverythingAsItWas()
    {
        var node = Node(NodeState.OnErr, 10).WithFailures(0, 1).Build();

        Assert.That(node.SetState(NodeState.Idle, 1000), Is.False);

        _hooks.VerifyNoOtherCalls();
        Assert.That(node.State, Is.EqualTo(NodeState.OnErr));
        Assert.That(node.TimestampState, Is.EqualTo(10));
        Assert.That(node.PowerOffOperationFailed, Is.EqualTo(1));
    }

    // Spec §2.6 [verified] examples: the window is measured from when the pre-OFF state began (KEEP, §14 Q3).

    [Test]
    public void SetState_IdleSince0OffAt100IdleAt105_RestoresIdleSince0WithoutHooks()
    {
        var node = Node(NodeState.Idle, 0).WithFailures(powerOn: 0, powerOff: 2).Build();
        node.SetState(NodeState.Off, 100);
        _hooks.Invocations.Clear();

        var changed = node.SetState(NodeState.Idle, 105);

        _hooks.VerifyNoOtherCalls();
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.True);
            Assert.That(node.State, Is.EqualTo(NodeState.Idle));
            Assert.That(node.TimestampState, Is.Zero);
            // The snapshot is taken after step 2 (mark_poweredoff) of §2.5, as in CLUES: the restored power-off
            // time and counter are those written when the node went OFF.
            Assert.That(node.TimestampPoweredOff, Is.EqualTo(100));
            Assert.That(node.PowerOffOperationFailed, Is.Zero);
            Assert.That(node.TimestampPoweredOn, Is.Zero);
            Assert.That(node.PrevState, Is.EqualTo(NodeState.Idle), "snapshot not refreshed");
        });
    }

    [Test]
    public void SetState_IdleSince0OffAt200IdleAt205_IsNotRestored()
    {
        var node = Node(NodeState.Idle, 0).Build();
        node.SetState(NodeState.Off, 200);
        _hooks.Invocations.Clear();

        node.SetState(NodeState.Idle, 205);

        Assert.That(node.TimestampState, Is.EqualTo(205));
        _hooks.Verify(h => h.PoweredOn("wn1", true), Times.Once);
    }

    [Test]
    public void SetState_IdleSince0OffAt50IdleAt160_IsNotRestoredAlthoughOffWasShort()
    {
        var node = Node(NodeState.Idle, 0).Build();
        node.SetState(NodeState.Off, 50);

        node.SetState(NodeState.Idle, 160);

        Assert.That(node.TimestampState, Is.EqualTo(160));
    }

    [Test]
    public void SetState_BackToPreviousStateExactlyAtWindow_IsRestored()
    {
        var node = Node(NodeState.Used, 0).Build();
        node.SetState(NodeState.Off, 100);

        node.SetState(NodeState.Used, _timings.TimeOffGlitchDetection);

        Assert.That(node.TimestampState, Is.Zero, "the window comparison is inclusive");
    }

    [Test]
    public void SetState_OtherStateThanBeforeOff_IsNotRestored()
    {
        var node = Node(NodeState.Idle, 0).Build();
        node.SetState(NodeState.Off, 100);

        node.SetState(NodeState.Used, 105);

        Assert.That(node.State, Is.EqualTo(NodeState.Used));
        Assert.That(node.TimestampState, Is.EqualTo(105));
    }

    [Test]
    public void SetState_GlitchWindowZero_IsNotRestored()
    {
        _timings.TimeOffGlitchDetection = 0;
        var node = Node(NodeState.Idle, 0).Build();
        node.SetState(NodeState.Off, 100);

        node.SetState(NodeState.Idle, 105);

        Assert.That(node.TimestampState, Is.EqualTo(105));
    }
}
