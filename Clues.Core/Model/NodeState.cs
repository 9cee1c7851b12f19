namespace Clues.Core.Model;

/// <summary>
/// The state of a worker node, with CLUES 2.3's numeric codes (they are stored in the database and sent over
/// XML-RPC, so they never change).
/// </summary>
/// <remarks>
/// An LRMS plugin reports only <see cref="Error"/>, <see cref="Unknown"/>, <see cref="Idle"/>,
/// <see cref="Used"/> and <see cref="Off"/>; the daemon sets the transitional and error states.
/// </remarks>
public enum NodeState
{
    /// <summary>The LRMS reports the node as failed (for example Slurm FAIL or NoResp).</summary>
    Error = -2,
    /// <summary>The node vanished from the LRMS report, or is only known from the database.</summary>
    Unknown = -1,
    /// <summary>On and running no work.</summary>
    Idle = 0,
    /// <summary>On and running work.</summary>
    Used = 1,
    /// <summary>Powered off.</summary>
    Off = 2,
    /// <summary>A power-on was issued and the node is not yet reported on.</summary>
    PowOn = 3,
    /// <summary>A power-off was issued and the node is not yet reported off.</summary>
    PowOff = 4,
    /// <summary>A power-off failed or timed out: the node is still on.</summary>
    OnErr = 5,
    /// <summary>A power-on failed or timed out: the node is still off.</summary>
    OffErr = 6,
}
