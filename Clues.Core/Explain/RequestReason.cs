namespace Clues.Core.Explain;

/// <summary>
/// Why a request is still in the queue. Shown by <c>clues status --why</c>, the JSON API (<c>why</c>) and the status
/// page; docs/FAQ.md lists each one with its configuration key.
/// </summary>
public enum RequestReason
{
    /// <summary>Created after the last scheduling pass; the next one (every <c>[scheduling] PERIOD_SCHEDULE</c>, default 5 s) looks at it.</summary>
    NotScheduledYet,
    /// <summary>Nodes were powered on for it and it waits until the LRMS reports them on (at most <c>[monitoring] MAX_WAIT_POWERON</c>, default 300 s, each).</summary>
    WaitingForNodes,
    /// <summary>Attended, and waiting for the LRMS to run its job.</summary>
    WaitingForLrms,
    /// <summary>It could be served, but an earlier request is still waiting for its nodes and the queue is served in order (FIFO).</summary>
    BehindEarlierRequest,
    /// <summary>As many nodes as <c>[scheduling] MAX_BOOTING_NODES</c> (default 0 = no limit) are already booting.</summary>
    MaxBootingNodes,
    /// <summary>Blocked: no node of the platform could hold it even if every node were on and free (too many slots, memory or tasks, or requirements no node meets). Discarded after <c>[scheduling] MAX_BLOCKED_TIME</c> if set.</summary>
    NeverSatisfiable,
    /// <summary>Blocked: the platform could hold it, but not now (capacity is used by running work or booked for other requests); CLUES never powers on part of a request.</summary>
    NoCapacityNow,
    /// <summary>
    /// Blocked: only nodes of a node group (<c>[group:NAME]</c>) could hold it, and the group is at its <c>MAX_ON</c> nodes
    /// on or <c>MAX_BOOTING</c> nodes booting; it is placed when the group has room.
    /// </summary>
    GroupLimit,
    /// <summary>
    /// Dry run (<c>[general] DRY_RUN</c>, <c>clues-host run --dry-run</c>): the last scheduling pass would have powered nodes
    /// on for it, and no command was run, so it stays waiting (as long as the nodes it needs are off).
    /// </summary>
    DryRun,
    /// <summary>
    /// Final: when it was scheduled no node that is on or can be powered on had room for even one task, and CLUES
    /// 2.3 marks such a request not served at once (it is not kept waiting); it must be submitted again.
    /// </summary>
    NotServedNoRoom,
}
