using Clues.Core.Model;

namespace Clues.Plugins.Sge;

/// <summary>One queue instance on a host, as <c>qhost -q</c> shows it.</summary>
/// <param name="Queue">The cluster queue (<c>all.q</c>).</param>
/// <param name="Slots">Its slots.</param>
/// <param name="SlotsUsed">Slots running jobs.</param>
/// <param name="SlotsReserved">Slots reserved for a waiting job (resource reservation).</param>
/// <param name="State">The state letters (<c>d</c> disabled, <c>s</c>/<c>S</c> suspended, <c>u</c> unknown, <c>a</c> alarm, ...).</param>
internal sealed record SgeQueueInstance(string Queue, int Slots, int SlotsUsed, int SlotsReserved, string State)
{
    /// <summary>Disabled or suspended: its slots take no new job (KEEP: CLUES leaves them out of the free slots).</summary>
    public bool TakesNoJobs => State.Contains('d', StringComparison.OrdinalIgnoreCase) || State.Contains('s', StringComparison.OrdinalIgnoreCase);

    /// <summary>Disabled (<c>qmod -d</c>).</summary>
    public bool Disabled => State.Contains('d', StringComparison.Ordinal);

    /// <summary>The execution daemon does not answer (<c>u</c>, also in CLUES' <c>au</c>).</summary>
    public bool Unknown => State.Contains('u', StringComparison.Ordinal);
}

/// <summary>One execution host of <c>qhost -xml -q</c>.</summary>
/// <param name="Name">The host name.</param>
/// <param name="LoadReported">Whether the host reports a load average (CLUES' test of "powered on").</param>
/// <param name="MemoryTotal">Bytes, or -1 when Grid Engine does not know.</param>
/// <param name="MemoryUsed">Bytes, 0 when Grid Engine does not know.</param>
/// <param name="Queues">Its queue instances.</param>
internal sealed record SgeHost(string Name, bool LoadReported, double MemoryTotal, double MemoryUsed, IReadOnlyList<SgeQueueInstance> Queues)
{
    /// <summary>On: it reports a load and no queue instance is in the unknown state.</summary>
    public bool PoweredOn => LoadReported && !Queues.Any(q => q.Unknown);

    /// <summary>Slots running or reserved for a job in any queue instance, disabled and suspended ones included.</summary>
    public int SlotsInUse => Queues.Sum(q => q.SlotsUsed + q.SlotsReserved);

    /// <summary>The node report.</summary>
    /// <remarks>
    /// <para>Slots (KEEP): the slots of the queue instances that take jobs; free slots are those not used or reserved.</para>
    /// <para>State: OFF when not <see cref="PoweredOn"/>; USED when any slot of any queue instance runs a job, or is
    /// reserved for one; else IDLE. FIX (grycap/clues#97): CLUES skipped the used slots of disabled and suspended
    /// queue instances, so a host whose queue was disabled while a job ran there was IDLE and could be powered off
    /// under the job. A host with some of its slots in use is USED, never IDLE.</para>
    /// </remarks>
    public NodeInfo ToNodeInfo(IReadOnlyList<string> hostGroups)
    {
        var open = Queues.Where(q => !q.TakesNoJobs).ToList();
        var slots = open.Sum(q => q.Slots);
        var free = Math.Max(0, slots - open.Sum(q => q.SlotsUsed + q.SlotsReserved));
        var keywords = new Dictionary<string, KeywordValue>(StringComparer.Ordinal)
        {
            ["hostname"] = KeywordValue.FromString(Name),
            ["hostgroups"] = KeywordValue.FromList(hostGroups.Select(KeywordValue.FromString)),
        };
        if (Queues.Count > 0)
        {
            keywords["queues"] = KeywordValue.FromList(Queues.Select(q => q.Queue).Distinct(StringComparer.Ordinal).Select(KeywordValue.FromString));
        }
        var state = !PoweredOn ? NodeState.Off : SlotsInUse > 0 ? NodeState.Used : NodeState.Idle;
        var memoryFree = MemoryTotal < 0 ? -1 : Math.Max(0, MemoryTotal - MemoryUsed);
        return new NodeInfo(Name, slots, free, MemoryTotal, memoryFree, keywords, state);
    }
}
