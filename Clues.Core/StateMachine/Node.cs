using Clues.Core.Model;
using Microsoft.Extensions.Logging;

namespace Clues.Core.StateMachine;

/// <summary>
/// A worker node as the daemon tracks it (CLUES' <c>Node</c>): the last LRMS report plus the daemon's own state,
/// timers, failure counters and enable flag. State changes go through <see cref="SetState"/>, which applies the
/// transition table of spec §2.4, the off-glitch rule of §2.6 and the side effects of §2.5.
/// </summary>
public sealed partial class Node
{
    private NodeRules _rules;

    /// <summary>Creates a daemon node from an LRMS report at time <paramref name="now"/>.</summary>
    public Node(NodeInfo info, double now, NodeRules rules, long id = 0)
    {
        _rules = rules;
        Name = info.Name;
        Id = id;
        SlotsCount = info.SlotsCount;
        SlotsFree = info.SlotsFree;
        SlotsFreeOriginal = info.SlotsFreeOriginal;
        MemoryTotal = info.MemoryTotal;
        MemoryFree = info.MemoryFree;
        MemoryFreeOriginal = info.MemoryFreeOriginal;
        State = info.State;
        Keywords = new Dictionary<string, KeywordValue>(info.Keywords, StringComparer.Ordinal);
        TimestampCreated = TimestampState = TimestampInfo = TimestampPoweredOn = TimestampPoweredOff = now;
        StorePrevious();
    }

    private Node(Node other)
    {
        _rules = other._rules;
        Name = other.Name;
        Id = other.Id;
        Keywords = other.Keywords;
        CopyFrom(other);
    }

    /// <summary>
    /// Overwrites this scheduling copy with the current values of <paramref name="other"/>, the node it was copied
    /// from (see <see cref="Scheduling.NodeList.NextPassCopy"/>): everything <see cref="Copy"/> copies.
    /// </summary>
    internal void CopyFrom(Node other)
    {
        _rules = other._rules;
        SlotsCount = other.SlotsCount;
        SlotsFree = other.SlotsFree;
        SlotsFreeOriginal = other.SlotsFreeOriginal;
        MemoryTotal = other.MemoryTotal;
        MemoryFree = other.MemoryFree;
        MemoryFreeOriginal = other.MemoryFreeOriginal;
        State = other.State;
        Keywords = other.Keywords; // shallow, as CLUES: copies never change keywords
        TimestampCreated = other.TimestampCreated;
        TimestampState = other.TimestampState;
        TimestampInfo = other.TimestampInfo;
        TimestampPoweredOn = other.TimestampPoweredOn;
        TimestampPoweredOff = other.TimestampPoweredOff;
        PowerOnOperationFailed = other.PowerOnOperationFailed;
        PowerOffOperationFailed = other.PowerOffOperationFailed;
        Enabled = other.Enabled;
        PrevState = other.PrevState;
        PrevTimestampState = other.PrevTimestampState;
        PrevTimestampPoweredOn = other.PrevTimestampPoweredOn;
        PrevTimestampPoweredOff = other.PrevTimestampPoweredOff;
        PrevPowerOnOperationFailed = other.PrevPowerOnOperationFailed;
        PrevPowerOffOperationFailed = other.PrevPowerOffOperationFailed;
        LastBootSeconds = other.LastBootSeconds;
        LastShutdownSeconds = other.LastShutdownSeconds;
    }

    public string Name { get; }
    public long Id { get; }
    public double SlotsCount { get; set; }
    public double SlotsFree { get; set; }
    public double SlotsFreeOriginal { get; set; }
    public double MemoryTotal { get; set; }
    public double MemoryFree { get; set; }
    public double MemoryFreeOriginal { get; set; }
    public NodeState State { get; private set; }
    public IReadOnlyDictionary<string, KeywordValue> Keywords { get; private set; }
    public double TimestampCreated { get; private set; }
    /// <summary>When the current state began.</summary>
    public double TimestampState { get; private set; }
    public double TimestampInfo { get; private set; }
    /// <summary>When the node last reached IDLE/USED from a non-on state.</summary>
    public double TimestampPoweredOn { get; private set; }
    /// <summary>When the node last reached OFF.</summary>
    public double TimestampPoweredOff { get; private set; }
    /// <summary>Consecutive failed power-ons (reset when the node is seen on).</summary>
    public int PowerOnOperationFailed { get; private set; }
    /// <summary>Consecutive failed power-offs (reset when the node is seen off).</summary>
    public int PowerOffOperationFailed { get; private set; }
    /// <summary>Whether CLUES may power the node on or off on its own.</summary>
    public bool Enabled { get; set; } = true;
    public NodeState PrevState { get; private set; }
    public double PrevTimestampState { get; private set; }
    public double PrevTimestampPoweredOn { get; private set; }
    public double PrevTimestampPoweredOff { get; private set; }
    public int PrevPowerOnOperationFailed { get; private set; }
    public int PrevPowerOffOperationFailed { get; private set; }

    /// <summary>
    /// Seconds from the last power-on command (POWON) to the node being seen on (IDLE or USED), as measured by the
    /// daemon; null until a power-on completed. Power-off policies weigh an idle node against this.
    /// </summary>
    public double? LastBootSeconds { get; private set; }

    /// <summary>Seconds from the last power-off command (POWOFF) to the node being seen OFF; null until one completed.</summary>
    public double? LastShutdownSeconds { get; private set; }

    /// <summary>A copy for a scheduling pass (schedulers reserve capacity on it; it never fires hooks).</summary>
    public Node Copy() => new(this);

    /// <summary>
    /// Asks for a state change at time <paramref name="now"/>. Returns true if the node changed (or was restored by the
    /// glitch rule). A forced change accepts rejected and not-yet-timed cells as the requested state.
    /// </summary>
    public bool SetState(NodeState requested, double now, bool force = false)
    {
        if (requested == State)
        {
            return false;
        }
        if (RestorePreviousIfGlitch(requested, now))
        {
            return true;
        }

        var timings = _rules.Timings;
        var elapsed = now - TimestampState;
        var target = requested;
        var unexpected = false;
        var accept = true;
        switch (NodeTransitionTable.Rule(State, requested))
        {
            case TransitionRule.Accept:
                break;
            case TransitionRule.Unexpected:
                unexpected = true;
                break;
            case TransitionRule.Reject:
                accept = false;
                break;
            case TransitionRule.WaitPowerOnDelay:
                accept = elapsed >= timings.DelayPowOn;
                break;
            case TransitionRule.WaitPowerOffDelay:
                accept = elapsed >= timings.DelayPowOff;
                break;
            case TransitionRule.PowerOnTimeout:
                unexpected = true;
                if (elapsed < timings.MaxWaitPowerOn)
                {
                    accept = false;
                }
                else
                {
                    Log.StillOffAfterPowerOn(_rules.Logger, Name, elapsed);
                    target = NodeState.OffErr;
                }
                break;
            case TransitionRule.PowerOffTimeout:
                if (elapsed < timings.MaxWaitPowerOff)
                {
                    accept = false;
                }
                else
                {
                    Log.StillOnAfterPowerOff(_rules.Logger, Name, elapsed);
                    target = NodeState.OnErr;
                }
                break;
            default:
                return false;
        }

        if (!accept && !force)
        {
            return false;
        }
        Apply(target, now, unexpected);
        return true;
    }

    /// <summary>Merges an LRMS observation (spec §2.7). Returns whether anything changed, whether the state changed, and whether resources changed.</summary>
    public (bool InfoUpdated, bool StateChanged, bool ResourcesChanged) UpdateInfo(NodeInfo other, double now)
    {
        var infoUpdated = SlotsCount != other.SlotsCount || SlotsFree != other.SlotsFree
            || SlotsFreeOriginal != other.SlotsFreeOriginal || MemoryFree != other.MemoryFree
            || MemoryFreeOriginal != other.MemoryFreeOriginal || MemoryTotal != other.MemoryTotal;
        var resourcesChanged = infoUpdated;
        var keywordsChanged = !KeywordsEqual(Keywords, other.Keywords);
        var infoTime = now;
        var stateChanged = false;
        if (SetState(other.State, now))
        {
            stateChanged = infoUpdated = resourcesChanged = true;
            infoTime = TimestampState;
        }
        SlotsCount = other.SlotsCount;
        SlotsFree = other.SlotsFree;
        SlotsFreeOriginal = other.SlotsFreeOriginal;
        MemoryTotal = other.MemoryTotal;
        MemoryFree = other.MemoryFree;
        MemoryFreeOriginal = other.MemoryFreeOriginal;
        if (keywordsChanged)
        {
            infoUpdated = true;
            Keywords = new Dictionary<string, KeywordValue>(other.Keywords, StringComparer.Ordinal);
        }
        if (infoUpdated)
        {
            TimestampInfo = infoTime;
        }
        return (infoUpdated, stateChanged, resourcesChanged);
    }

    /// <summary>Reserves one task's resources on this node (scheduler copies only).</summary>
    public void Allocate(Resources resources)
    {
        SlotsFree -= resources.Slots;
        MemoryFree -= resources.Memory;
    }

    /// <summary>Restores the daemon-side fields saved in the database (used when the host restarts).</summary>
    internal void Restore(NodeState state, double timestampState, double timestampPoweredOn, double timestampPoweredOff,
        int powerOnFailures, int powerOffFailures)
    {
        State = state;
        TimestampState = timestampState;
        TimestampPoweredOn = timestampPoweredOn;
        TimestampPoweredOff = timestampPoweredOff;
        PowerOnOperationFailed = powerOnFailures;
        PowerOffOperationFailed = powerOffFailures;
        StorePrevious();
    }

    /// <summary>
    /// Clears the count of consecutive failed power-ons, so the node starts a fresh set of RETRIES_POWER_ON tries
    /// (a quarantine released by QUARANTINE_TIME).
    /// </summary>
    internal void ForgetPowerOnFailures() => PowerOnOperationFailed = 0;

    /// <summary>Sets the state with no rules and no side effects (the simulator's and the database's initial states).</summary>
    internal void InitState(NodeState state) => State = state;

    /// <summary>Replaces the rules (nodes restored from the database get the daemon's).</summary>
    internal void UseRules(NodeRules rules) => _rules = rules;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({State.ToDisplay()} since {TimestampState:0})";

    private void Apply(NodeState target, double now, bool unexpected)
    {
        var hooks = _rules.Hooks;
        var old = State;
        if (unexpected)
        {
            Log.UnexpectedChange(_rules.Logger, Name, old.ToDisplay(), target.ToDisplay());
        }
        if (target.IsOn())
        {
            if (!old.IsOn())
            {
                if (old == NodeState.PowOn)
                {
                    LastBootSeconds = now - TimestampState;
                }
                PowerOnOperationFailed = 0;
                TimestampPoweredOn = now;
                hooks?.PoweredOn(Name, unexpected);
            }
            else if (target == NodeState.Idle)
            {
                hooks?.Idle(Name);
            }
            else
            {
                hooks?.Used(Name);
            }
        }
        if (target == NodeState.Off && old != NodeState.Off)
        {
            if (old == NodeState.PowOff)
            {
                LastShutdownSeconds = now - TimestampState;
            }
            PowerOffOperationFailed = 0;
            TimestampPoweredOff = now;
            hooks?.PoweredOff(Name, unexpected);
        }
        if (target == NodeState.OffErr)
        {
            PowerOnOperationFailed++;
            hooks?.OffErr(Name, PowerOnOperationFailed);
        }
        if (target == NodeState.OnErr)
        {
            PowerOffOperationFailed++;
            hooks?.OnErr(Name, PowerOffOperationFailed);
        }
        if (target == NodeState.Unknown)
        {
            hooks?.Unknown(Name);
        }
        StorePrevious();
        State = target;
        TimestampState = now;
        _rules.StateChanged?.Invoke(this, old, now);
        Log.StateChanged(_rules.Logger, Name, old.ToDisplay(), target.ToDisplay());
    }

    // KEEP (spec §2.6, §14 Q3): the window is measured from when the pre-OFF state began, not from when the node went OFF.
    private bool RestorePreviousIfGlitch(NodeState requested, double now)
    {
        var window = _rules.Timings.TimeOffGlitchDetection;
        if (window <= 0 || State != NodeState.Off || requested != PrevState || now - PrevTimestampState > window)
        {
            return false;
        }
        Log.GlitchRestored(_rules.Logger, Name, PrevState.ToDisplay(), window);
        var old = State;
        State = PrevState;
        TimestampState = PrevTimestampState;
        TimestampPoweredOn = PrevTimestampPoweredOn;
        TimestampPoweredOff = PrevTimestampPoweredOff;
        PowerOnOperationFailed = PrevPowerOnOperationFailed;
        PowerOffOperationFailed = PrevPowerOffOperationFailed;
        _rules.StateChanged?.Invoke(this, old, now);
        return true;
    }

    private void StorePrevious()
    {
        PrevState = State;
        PrevTimestampState = TimestampState;
        PrevTimestampPoweredOn = TimestampPoweredOn;
        PrevTimestampPoweredOff = TimestampPoweredOff;
        PrevPowerOnOperationFailed = PowerOnOperationFailed;
        PrevPowerOffOperationFailed = PowerOffOperationFailed;
    }

    // Runs for every node on every monitoring pass: no enumerator boxing for the usual Dictionary.
    private static bool KeywordsEqual(IReadOnlyDictionary<string, KeywordValue> a, IReadOnlyDictionary<string, KeywordValue> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a.Count != b.Count)
        {
            return false;
        }
        if (a is Dictionary<string, KeywordValue> dictionary)
        {
            foreach (var (key, value) in dictionary)
            {
                if (!Holds(b, key, value))
                {
                    return false;
                }
            }
            return true;
        }
        foreach (var (key, value) in a)
        {
            if (!Holds(b, key, value))
            {
                return false;
            }
        }
        return true;

        static bool Holds(IReadOnlyDictionary<string, KeywordValue> keywords, string key, KeywordValue value) =>
            keywords.TryGetValue(key, out var other) && value.Equals(other);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "node {Node} changed from {From} to {To}")]
        public static partial void StateChanged(ILogger logger, string node, string from, string to);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "node {Node} was unexpectedly changed from state {From} to state {To}")]
        public static partial void UnexpectedChange(ILogger logger, string node, string from, string to);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "node {Node} was powered on {Elapsed:0} s ago but it is still off")]
        public static partial void StillOffAfterPowerOn(ILogger logger, string node, double elapsed);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "node {Node} was powered off {Elapsed:0} s ago but it is still on")]
        public static partial void StillOnAfterPowerOff(ILogger logger, string node, double elapsed);

        [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "node {Node}: its off report came within TIME_OFF_GLITCH_DETECTION={Window} s of its previous state change, so it is taken for a monitoring glitch; the node is back to {State} with its timers, as if it had never been off")]
        public static partial void GlitchRestored(ILogger logger, string node, string state, double window);
    }
}
