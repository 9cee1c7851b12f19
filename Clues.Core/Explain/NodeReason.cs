namespace Clues.Core.Explain;

/// <summary>
/// Why a node that is on (or between states) is not being powered off right now. Shown by <c>clues status --why</c>,
/// the JSON API (<c>why</c>) and the status page; docs/FAQ.md lists each one with its configuration key.
/// </summary>
public enum NodeReason
{
    /// <summary>The node is disabled (<c>clues disable</c> or <c>[general] DISABLED_HOSTS</c>): CLUES never powers it on or off by itself.</summary>
    Disabled,
    /// <summary>The LRMS reports work running on it (USED).</summary>
    Busy,
    /// <summary>Idle for less than <c>[scheduling] IDLE_TIME</c> (default 1800 s).</summary>
    IdleTooShort,
    /// <summary>Powered on less than <c>[scheduling] COOLDOWN_NODES</c> ago (default 0).</summary>
    RecentlyPoweredOn,
    /// <summary>Capacity on it is booked for a request that was served or is waiting (kept for <c>[monitoring] COOLDOWN_SERVED_REQUESTS</c>, default 120 s, after serving).</summary>
    Booked,
    /// <summary>Idle long enough, but kept on by PowOn_Free to leave <c>EXTRA_SLOTS_FREE</c> slots / <c>EXTRA_NODES_FREE</c> nodes free (defaults 0).</summary>
    KeptFree,
    /// <summary>The scheduler chain (<c>[scheduling] SCHEDULER_CLASSES</c>) has no PowOff_IDLE scheduler, so nodes are never powered off.</summary>
    NoPowerOffScheduler,
    /// <summary>Idle, kept on by Energy_Aware as part of its reserve for the work expected while a node boots (<c>[ENERGY_AWARE] RESERVE_FACTOR</c>, <c>HISTORY</c>).</summary>
    KeptInReserve,
    /// <summary>Idle for less than its break-even time under Energy_Aware (its measured boot and shutdown times, <c>[ENERGY_AWARE] IDLE_FACTOR</c>).</summary>
    BelowBreakEven,
    /// <summary>Idle long enough, but its node group (<c>[group:NAME]</c>) is at its <c>MIN_ON</c>: powering it off would leave fewer nodes on.</summary>
    GroupMinimum,
    /// <summary>
    /// Dry run (<c>[general] DRY_RUN</c>, <c>clues-host run --dry-run</c>): the last scheduling pass decided to power it on
    /// or off, and no command was run, so it stays as it is.
    /// </summary>
    DryRun,
    /// <summary>Idle long enough: the next scheduling pass (every <c>[scheduling] PERIOD_SCHEDULE</c>, default 5 s) powers it off.</summary>
    DueForPowerOff,
    /// <summary>Being powered on; it becomes OFF_ERR if the LRMS does not report it on within <c>[monitoring] MAX_WAIT_POWERON</c> (default 300 s).</summary>
    PoweringOn,
    /// <summary>Being powered off; it becomes ON_ERR if the LRMS still reports it on after <c>[monitoring] MAX_WAIT_POWEROFF</c> (default 300 s).</summary>
    PoweringOff,
    /// <summary>A power-off failed or timed out (ON_ERR); recovery retries until <c>[scheduling] RETRIES_POWER_OFF</c> failures (default 3), then it waits for <c>clues resetstate</c>.</summary>
    PowerOffFailed,
    /// <summary>A power-on failed or timed out (OFF_ERR); recovery retries after a backoff (<c>[scheduling] POWER_ON_BACKOFF</c>, default 30 s, doubled by each further failure) until <c>RETRIES_POWER_ON</c> failures (default 3).</summary>
    PowerOnFailed,
    /// <summary>The LRMS does not report the node (UNKNOWN): CLUES does not touch nodes it cannot see.</summary>
    NotReported,
    /// <summary>The LRMS reports the node as failed (ERROR).</summary>
    LrmsError,
    /// <summary><c>[scheduling] RETRIES_POWER_ON</c> power-ons failed in a row: no scheduler chooses the node until <c>clues resetstate</c> or <c>QUARANTINE_TIME</c> (default 0 = never).</summary>
    Quarantined,
}
