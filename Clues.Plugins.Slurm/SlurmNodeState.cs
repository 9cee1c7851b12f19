using Clues.Core.Model;

namespace Clues.Plugins.Slurm;

/// <summary>
/// A Slurm node state as <c>scontrol</c> prints it: a base state and flags (<c>IDLE</c>, <c>MIXED+DRAIN</c>,
/// <c>DOWN+DRAIN+NOT_RESPONDING</c>, <c>IDLE+CLOUD+POWERED_DOWN</c>), also in the older or <c>sinfo</c> spellings
/// with suffix marks (<c>IDLE*</c>, <c>DOWN*</c>, <c>IDLE~</c>, <c>ALLOCATED+</c>, <c>drng</c>), and its CLUES state.
/// </summary>
/// <remarks>
/// <para>FIX (spec plugins §2.1, slurm-lab §9): CLUES compared whole strings, so every state with a flag
/// (<c>IDLE+DRAIN</c>, <c>MIXED+NOT_RESPONDING</c>, <c>IDLE+CLOUD</c>, <c>IDLE~</c>) became OFF, including nodes running
/// jobs. Here the base state and the flags are read apart, in this order (the first rule that applies wins):</para>
/// <list type="number">
/// <item>OFF: the node is down or powered down: base <c>DOWN</c>, <c>FUTURE</c>, <c>POWERED_DOWN</c>,
/// <c>POWERING_DOWN</c>, <c>POWERING_UP</c>; flags <c>POWERED_DOWN</c> (<c>~</c>), <c>POWERING_DOWN</c> (<c>%</c>),
/// <c>POWERING_UP</c> (<c>#</c>, not up yet) and Slurm 20's <c>POWER</c>.</item>
/// <item>ERROR (KEEP): base <c>FAIL</c>, <c>FAILING</c>, <c>ERROR</c>, <c>NoResp</c>, <c>INVAL</c>; flag <c>FAIL</c>.</item>
/// <item>USED: work runs there (base <c>ALLOCATED</c>/<c>ALLOC</c>, <c>MIXED</c>, <c>COMPLETING</c>, <c>DRAINING</c>,
/// <c>NPC</c>; flag <c>COMPLETING</c>), even while it drains; ERROR instead when it does not respond
/// (<c>NOT_RESPONDING</c>, <c>*</c>): its jobs are in doubt.</item>
/// <item>OFF (KEEP CLUES' <c>DRAIN</c>/<c>MAINT</c>): nothing runs and Slurm will place nothing there: drained
/// (<c>IDLE+DRAIN</c>, <c>DRAINED</c>), in maintenance (<c>MAINT</c>, <c>$</c>) or not responding, whatever the base state
/// (<c>IDLE+NOT_RESPONDING</c>, which Slurm turns into <c>DOWN</c> after <c>SlurmdTimeout</c>; <c>UNKNOWN*</c>, a node
/// that never registered). Reporting it OFF at once also keeps the daemon's power-on wait over the brief
/// <c>IDLE+NOT_RESPONDING</c> that follows every resume.</item>
/// <item>IDLE: base <c>IDLE</c>, <c>RESERVED</c>, <c>PLANNED</c>, whatever other flags (<c>CLOUD</c>,
/// <c>REBOOT_REQUESTED</c>, <c>DYNAMIC_NORM</c>...).</item>
/// <item>UNKNOWN: base <c>UNKNOWN</c> (before the node first registers) and any base state this table does not
/// know (FIX: CLUES said OFF, which invites a power-on).</item>
/// </list>
/// </remarks>
internal sealed class SlurmNodeState
{
    private static readonly HashSet<string> OffBases = new(StringComparer.OrdinalIgnoreCase)
        { "DOWN", "FUTURE", "FUTR", "POWERED_DOWN", "POWERING_DOWN", "POWERING_UP", "POW_DN", "POW_UP" };
    private static readonly HashSet<string> OffFlags = new(StringComparer.OrdinalIgnoreCase)
        { "POWERED_DOWN", "POWERING_DOWN", "POWERING_UP", "POWER" };
    private static readonly HashSet<string> ErrorBases = new(StringComparer.OrdinalIgnoreCase)
        { "FAIL", "FAILING", "FAILG", "ERROR", "NORESP", "INVAL" };
    private static readonly HashSet<string> BusyBases = new(StringComparer.OrdinalIgnoreCase)
        { "ALLOCATED", "ALLOC", "MIXED", "MIX", "COMPLETING", "COMP", "DRAINING", "DRNG", "NPC", "PERFCTRS" };
    private static readonly HashSet<string> DrainedBases = new(StringComparer.OrdinalIgnoreCase)
        { "DRAIN", "DRAINED", "MAINT" };
    private static readonly HashSet<string> IdleBases = new(StringComparer.OrdinalIgnoreCase)
        { "IDLE", "RESERVED", "RESV", "PLANNED", "PLND" };

    private SlurmNodeState(string text, string baseState, IReadOnlySet<string> flags)
    {
        Text = text;
        Base = baseState;
        Flags = flags;
    }

    /// <summary>The state as printed.</summary>
    public string Text { get; }

    /// <summary>The base state, upper case (<c>IDLE</c>, <c>MIXED</c>, <c>DOWN</c>...).</summary>
    public string Base { get; }

    /// <summary>The flags, upper case, suffix marks spelled out (<c>*</c> = <c>NOT_RESPONDING</c>).</summary>
    public IReadOnlySet<string> Flags { get; }

    /// <summary>Whether work runs on the node (it is allocated, mixed or completing).</summary>
    public bool RunsWork => BusyBases.Contains(Base) || Flags.Contains("COMPLETING");

    /// <summary>Whether Slurm keeps the node out of scheduling until it is resumed (drained or down).</summary>
    public bool NeedsResume => Flags.Contains("DRAIN") || DrainedBases.Contains(Base) || Base is "DOWN" or "DRAINING" or "DRNG";

    /// <summary>Whether the base state is one this type knows.</summary>
    public bool IsKnown => OffBases.Contains(Base) || ErrorBases.Contains(Base) || BusyBases.Contains(Base)
        || DrainedBases.Contains(Base) || IdleBases.Contains(Base) || Base is "UNKNOWN" or "UNK";

    /// <summary>The CLUES state (see the type remarks).</summary>
    public NodeState ToClues()
    {
        var notResponding = Flags.Contains("NOT_RESPONDING");
        if (OffBases.Contains(Base) || Flags.Overlaps(OffFlags))
        {
            return NodeState.Off;
        }
        if (ErrorBases.Contains(Base) || Flags.Contains("FAIL"))
        {
            return NodeState.Error;
        }
        if (RunsWork)
        {
            return notResponding ? NodeState.Error : NodeState.Used;
        }
        if (DrainedBases.Contains(Base) || Flags.Contains("DRAIN") || Flags.Contains("MAINT") || notResponding)
        {
            return NodeState.Off;
        }
        return IdleBases.Contains(Base) ? NodeState.Idle : NodeState.Unknown;
    }

    /// <summary>Reads a state as printed by <c>scontrol</c> or <c>sinfo</c>.</summary>
    public static SlurmNodeState Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('+');
        var flags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var baseState = StripMarks(parts[0], flags).ToUpperInvariant();
        foreach (var flag in parts.Skip(1))
        {
            var name = StripMarks(flag, flags);
            if (name.Length > 0)
            {
                flags.Add(name.ToUpperInvariant());
            }
        }
        return new SlurmNodeState(text, baseState, flags);
    }

    // sinfo (and scontrol before 18.08) append one-character marks to the state name.
    private static string StripMarks(string word, HashSet<string> flags)
    {
        var end = word.Length;
        while (end > 0 && Mark(word[end - 1]) is { } flag)
        {
            if (flag.Length > 0)
            {
                flags.Add(flag);
            }
            end--;
        }
        return word[..end];
    }

    private static string? Mark(char c) => c switch
    {
        '*' => "NOT_RESPONDING",
        '~' => "POWERED_DOWN",
        '#' => "POWERING_UP",
        '%' => "POWERING_DOWN",
        '!' => "POWER_DOWN",
        '$' => "MAINT",
        '@' => "REBOOT_REQUESTED",
        '^' => "REBOOT_ISSUED",
        '-' => "PLANNED",
        _ => null,
    };
}
