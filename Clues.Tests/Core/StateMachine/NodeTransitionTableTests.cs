using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.StateMachine;

/// <summary>
/// Every cell of the spec §2.4 transition table through <see cref="Node.SetState"/>, non-forced and forced, with
/// each timed cell at both sides of its limit. The expected table is written out here from the spec (not read from
/// <see cref="NodeTransitionTable"/>), and the expected side effects come from an independent reading of §2.5.
/// </summary>
[TestFixture]
public sealed class NodeTransitionTableTests
{
    private const double Since = 1000;
    private const double Epsilon = 0.001;
    private static readonly MonitoringOptions Timings = new();

    /// <summary>Spec §2.4, rows = from, columns = to, both in the order of <see cref="Order"/>.</summary>
    private static readonly string[] SpecTable =
    [
        // IDLE USED OFF POW_ON POW_OFF ON_ERR OFF_ERR UNKNOWN ERROR
        "-  A  U  U  A  U  U  A  A", // IDLE
        "A  -  U  U  A  U  U  A  A", // USED
        "U  U  -  A  U  U  U  A  A", // OFF
        "T1 T1 T2 -  U  U  A  A  A", // POW_ON
        "T3 T3 T4 U  -  A  U  A  A", // POW_OFF
        "R  R  U  U  A  -  U  A  A", // ON_ERR
        "U  U  R  A  U  U  -  A  A", // OFF_ERR
        "A  A  A  A  A  A  A  -  A", // UNKNOWN
        "A  A  A  A  A  A  A  A  -", // ERROR
    ];

    private static readonly NodeState[] Order =
    [
        NodeState.Idle, NodeState.Used, NodeState.Off, NodeState.PowOn, NodeState.PowOff,
        NodeState.OnErr, NodeState.OffErr, NodeState.Unknown, NodeState.Error,
    ];

    /// <summary>One call of SetState and what the spec says comes of it.</summary>
    /// <param name="From">State the node is in since <see cref="Since"/>.</param>
    /// <param name="To">Requested state.</param>
    /// <param name="Elapsed">Seconds in <paramref name="From"/> at the call.</param>
    /// <param name="Force">Forced call.</param>
    /// <param name="Accepted">Expected return value.</param>
    /// <param name="Result">Expected state afterwards.</param>
    /// <param name="Unexpected">Expected "unexpected" flag (warning and hook variant).</param>
    public sealed record Cell(NodeState From, NodeState To, double Elapsed, bool Force, bool Accepted, NodeState Result, bool Unexpected);

    private static IEnumerable<TestCaseData> Cells()
    {
        for (var row = 0; row < Order.Length; row++)
        {
            var codes = SpecTable[row].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var column = 0; column < Order.Length; column++)
            {
                if (codes[column] != "-")
                {
                    foreach (var cell in Expand(Order[row], Order[column], codes[column]))
                    {
                        yield return cell;
                    }
                }
            }
        }
    }

    private static IEnumerable<TestCaseData> Expand(NodeState from, NodeState to, string code)
    {
        var pair = $"{Name(from)}To{Name(to)}";
        foreach (var force in new[] { false, true })
        {
            var prefix = force ? $"SetState_Forced{pair}" : $"SetState_{pair}";
            switch (code)
            {
                case "A":
                    yield return Case(prefix, "Accepted", new Cell(from, to, 5, force, true, to, false));
                    break;
                case "U":
                    yield return Case(prefix, "AcceptedAsUnexpected", new Cell(from, to, 5, force, true, to, true));
                    break;
                case "R":
                    yield return Case(prefix, force ? "AcceptedAsRequested" : "Rejected", new Cell(from, to, 5, force, force, force ? to : from, false));
                    break;
                case "T1":
                    yield return Case(prefix + "JustBeforeDelayPowOn", force ? "AcceptedAsRequested" : "Rejected",
                        new Cell(from, to, Timings.DelayPowOn - Epsilon, force, force, force ? to : from, false));
                    yield return Case(prefix + "AtDelayPowOn", "Accepted", new Cell(from, to, Timings.DelayPowOn, force, true, to, false));
                    break;
                case "T2":
                    // POW_ON → OFF is always flagged unexpected, also when forced before the limit (CLUES sets the flag first).
                    yield return Case(prefix + "JustBeforeMaxWaitPowerOn", force ? "AcceptedAsRequested" : "Rejected",
                        new Cell(from, to, Timings.MaxWaitPowerOn - Epsilon, force, force, force ? to : from, force));
                    yield return Case(prefix + "AtMaxWaitPowerOn", "BecomesOffErr", new Cell(from, to, Timings.MaxWaitPowerOn, force, true, NodeState.OffErr, true));
                    break;
                case "T3":
                    yield return Case(prefix + "JustBeforeMaxWaitPowerOff", force ? "AcceptedAsRequested" : "Rejected",
                        new Cell(from, to, Timings.MaxWaitPowerOff - Epsilon, force, force, force ? to : from, false));
                    yield return Case(prefix + "AtMaxWaitPowerOff", "BecomesOnErr", new Cell(from, to, Timings.MaxWaitPowerOff, force, true, NodeState.OnErr, false));
                    break;
                case "T4":
                    yield return Case(prefix + "JustBeforeDelayPowOff", force ? "AcceptedAsRequested" : "Rejected",
                        new Cell(from, to, Timings.DelayPowOff - Epsilon, force, force, force ? to : from, false));
                    yield return Case(prefix + "AtDelayPowOff", "Accepted", new Cell(from, to, Timings.DelayPowOff, force, true, to, false));
                    break;
                default:
                    throw new InvalidOperationException($"unknown table code {code}");
            }
        }
    }

    private static TestCaseData Case(string prefix, string outcome, Cell cell) => new TestCaseData(cell).SetName($"{prefix}_{outcome}");

    private static string Name(NodeState state) => state.ToString();

    [TestCaseSource(nameof(Cells))]
    public void SetState_TableCell_FollowsSpec(Cell cell)
    {
        var hooks = new Mock<INodeHooks>();
        var logger = new RecordingLogger();
        var node = NodeBuilder.Named("wn1").In(cell.From, Since).WithRules(new NodeRules(Timings, hooks.Object, logger)).Build();
        var now = Since + cell.Elapsed;

        var changed = node.SetState(cell.To, now, cell.Force);

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(cell.Accepted), "return value");
            Assert.That(node.State, Is.EqualTo(cell.Result), "resulting state");
            Assert.That(node.TimestampState, Is.EqualTo(cell.Accepted ? now : Since), "timestamp_state");
            Assert.That(logger.Logged(101), Is.EqualTo(cell.Accepted && cell.Unexpected), "unexpected-change warning");
            if (cell.Accepted)
            {
                Assert.That(node.PrevState, Is.EqualTo(cell.From), "snapshot taken before the change");
            }
        });
        if (cell.Accepted)
        {
            VerifySideEffects(hooks, cell.From, cell.Result, cell.Unexpected);
        }
        hooks.VerifyNoOtherCalls();
    }

    [Test]
    public void SetState_SameState_ReturnsFalseAndChangesNothing()
    {
        var hooks = new Mock<INodeHooks>();
        foreach (var state in Order)
        {
            var node = NodeBuilder.Named("wn1").In(state, Since).WithRules(new NodeRules(Timings, hooks.Object, new RecordingLogger())).Build();

            Assert.That(node.SetState(state, Since + 500, force: true), Is.False, state.ToString());
            Assert.That(node.TimestampState, Is.EqualTo(Since), state.ToString());
        }
        hooks.VerifyNoOtherCalls();
    }

    [Test]
    public void Rule_EveryPair_MatchesSpecTable()
    {
        var letters = new Dictionary<TransitionRule, string>
        {
            [TransitionRule.Same] = "-", [TransitionRule.Accept] = "A", [TransitionRule.Unexpected] = "U",
            [TransitionRule.Reject] = "R", [TransitionRule.WaitPowerOnDelay] = "T1", [TransitionRule.PowerOnTimeout] = "T2",
            [TransitionRule.PowerOffTimeout] = "T3", [TransitionRule.WaitPowerOffDelay] = "T4",
        };
        var actual = Order.Select(from => string.Join(" ", Order.Select(to => letters[NodeTransitionTable.Rule(from, to)])));
        var expected = SpecTable.Select(row => string.Join(" ", row.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(NodeTransitionTable.States, Is.EqualTo(Order));
    }

    /// <summary>Spec §2.5, read independently of the implementation: which hooks an accepted change fires.</summary>
    private static void VerifySideEffects(Mock<INodeHooks> hooks, NodeState old, NodeState target, bool unexpected)
    {
        static bool IsOn(NodeState s) => s is NodeState.Idle or NodeState.Used;
        if (IsOn(target))
        {
            if (!IsOn(old))
            {
                hooks.Verify(h => h.PoweredOn("wn1", unexpected), Times.Once);
            }
            else if (target == NodeState.Idle)
            {
                hooks.Verify(h => h.Idle("wn1"), Times.Once);
            }
            else
            {
                hooks.Verify(h => h.Used("wn1"), Times.Once);
            }
        }
        if (target == NodeState.Off && old != NodeState.Off)
        {
            hooks.Verify(h => h.PoweredOff("wn1", unexpected), Times.Once);
        }
        if (target == NodeState.OffErr)
        {
            hooks.Verify(h => h.OffErr("wn1", 1), Times.Once);
        }
        if (target == NodeState.OnErr)
        {
            hooks.Verify(h => h.OnErr("wn1", 1), Times.Once);
        }
        if (target == NodeState.Unknown)
        {
            hooks.Verify(h => h.Unknown("wn1"), Times.Once);
        }
    }
}
