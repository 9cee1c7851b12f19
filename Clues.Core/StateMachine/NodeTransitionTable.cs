using Clues.Core.Model;

namespace Clues.Core.StateMachine;

/// <summary>
/// The node transition table of CLUES 2.3 (spec §2.4), as data.
/// </summary>
/// <remarks>
/// <code>
/// from \ to   IDLE  USED  OFF   POW_ON POW_OFF ON_ERR OFF_ERR UNKNOWN ERROR
/// IDLE        -     A     U     U      A       U      U       A       A
/// USED        A     -     U     U      A       U      U       A       A
/// OFF         U     U     -     A      U       U      U       A       A
/// POW_ON      T1    T1    T2    -      U       U      A       A       A
/// POW_OFF     T3    T3    T4    U      -       A      U       A       A
/// ON_ERR      R     R     U     U      A       -      U       A       A
/// OFF_ERR     U     U     R     A      U       U      -       A       A
/// UNKNOWN     A     A     A     A      A       A      A       -       A
/// ERROR       A     A     A     A      A       A      A       A       -
/// </code>
/// T1 = <see cref="TransitionRule.WaitPowerOnDelay"/>, T2 = <see cref="TransitionRule.PowerOnTimeout"/>,
/// T3 = <see cref="TransitionRule.PowerOffTimeout"/>, T4 = <see cref="TransitionRule.WaitPowerOffDelay"/>.
/// </remarks>
public static class NodeTransitionTable
{
    private const TransitionRule S = TransitionRule.Same;
    private const TransitionRule A = TransitionRule.Accept;
    private const TransitionRule U = TransitionRule.Unexpected;
    private const TransitionRule R = TransitionRule.Reject;
    private const TransitionRule T1 = TransitionRule.WaitPowerOnDelay;
    private const TransitionRule T2 = TransitionRule.PowerOnTimeout;
    private const TransitionRule T3 = TransitionRule.PowerOffTimeout;
    private const TransitionRule T4 = TransitionRule.WaitPowerOffDelay;

    /// <summary>Row and column order of <see cref="Cells"/>.</summary>
    public static readonly IReadOnlyList<NodeState> States =
    [
        NodeState.Idle, NodeState.Used, NodeState.Off, NodeState.PowOn, NodeState.PowOff,
        NodeState.OnErr, NodeState.OffErr, NodeState.Unknown, NodeState.Error,
    ];

    private static readonly TransitionRule[,] Cells =
    {
        //            IDLE USED OFF POW_ON POW_OFF ON_ERR OFF_ERR UNKNOWN ERROR
        /* IDLE    */ { S,  A,   U,  U,     A,      U,     U,      A,      A },
        /* USED    */ { A,  S,   U,  U,     A,      U,     U,      A,      A },
        /* OFF     */ { U,  U,   S,  A,     U,      U,     U,      A,      A },
        /* POW_ON  */ { T1, T1,  T2, S,     U,      U,     A,      A,      A },
        /* POW_OFF */ { T3, T3,  T4, U,     S,      A,     U,      A,      A },
        /* ON_ERR  */ { R,  R,   U,  U,     A,      S,     U,      A,      A },
        /* OFF_ERR */ { U,  U,   R,  A,     U,      U,     S,      A,      A },
        /* UNKNOWN */ { A,  A,   A,  A,     A,      A,     A,      S,      A },
        /* ERROR   */ { A,  A,   A,  A,     A,      A,     A,      A,      S },
    };

    /// <summary>The rule for a change from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static TransitionRule Rule(NodeState from, NodeState to) => Cells[Index(from), Index(to)];

    private static int Index(NodeState state) => state switch
    {
        NodeState.Idle => 0,
        NodeState.Used => 1,
        NodeState.Off => 2,
        NodeState.PowOn => 3,
        NodeState.PowOff => 4,
        NodeState.OnErr => 5,
        NodeState.OffErr => 6,
        NodeState.Unknown => 7,
        NodeState.Error => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a node state"),
    };
}
