namespace Clues.Core.StateMachine;

/// <summary>What the state machine does with one (current state, requested state) pair (spec §2.4).</summary>
public enum TransitionRule
{
    /// <summary>The requested state is the current one: nothing happens.</summary>
    Same,
    /// <summary>Accepted.</summary>
    Accept,
    /// <summary>Accepted, but logged and hooked as unexpected (the node changed without CLUES asking).</summary>
    Unexpected,
    /// <summary>Rejected unless forced: ON_ERR ignores "on" reports, OFF_ERR ignores "off" reports.</summary>
    Reject,
    /// <summary>POW_ON → IDLE/USED: rejected while in POW_ON for less than DELAY_POWON.</summary>
    WaitPowerOnDelay,
    /// <summary>POW_ON → OFF: rejected for MAX_WAIT_POWERON, then the node goes to OFF_ERR.</summary>
    PowerOnTimeout,
    /// <summary>POW_OFF → IDLE/USED: rejected for MAX_WAIT_POWEROFF, then the node goes to ON_ERR.</summary>
    PowerOffTimeout,
    /// <summary>POW_OFF → OFF: rejected while in POW_OFF for less than DELAY_POWOFF.</summary>
    WaitPowerOffDelay,
}
