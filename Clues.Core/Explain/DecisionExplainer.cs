using System.Globalization;
using System.Text;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;

namespace Clues.Core.Explain;

/// <summary>
/// Explains the daemon's decisions from its state, its options and the time of the last scheduling pass: why each
/// node is not being powered off and why each request still waits. It reads the same conditions the schedulers
/// test (spec §4.2, §4.4, §4.5), so an explanation names the rule and the figures that hold the node or request.
/// </summary>
/// <param name="monitoring">[monitoring] options.</param>
/// <param name="scheduling">[scheduling] options.</param>
/// <param name="matcher">The resource matcher (to tell whether any node could ever hold a request).</param>
/// <param name="chain">The scheduler chain.</param>
/// <param name="dryRun">A dry run's decisions (null when not in dry run): what the last pass would have powered on or off.</param>
internal sealed class DecisionExplainer(MonitoringOptions monitoring, SchedulingOptions scheduling, IResourceMatcher matcher,
    IReadOnlyList<IScheduler> chain, Daemon.DryRunDecisions? dryRun = null)
{
    private readonly PowerOnRetryPolicy _retries = new(scheduling);
    private readonly bool _powersOff = chain.Any(s => s is PowOffIdleScheduler);
    private readonly IPowerOffExplainer? _policy = chain.OfType<IPowerOffExplainer>().FirstOrDefault();
    private readonly bool _keepsFree = chain.Any(s => s is PowOnFreeScheduler)
        && (scheduling.ExtraSlotsFree > 0 || scheduling.ExtraNodesFree > 0);
    private readonly Groups.NodeGroupGuard? _groups = Groups.NodeGroupGuard.In(chain);

    /// <summary>Why <paramref name="node"/> is not being powered off; null when there is nothing to explain (it is off).</summary>
    /// <param name="node">The node.</param>
    /// <param name="bookedFor">The live requests holding capacity on it (empty if none).</param>
    /// <param name="now">The daemon clock.</param>
    /// <param name="lastSchedule">When the last scheduling pass ran (null if none yet).</param>
    public Explanation? Explain(Node node, IReadOnlyList<long> bookedFor, double now, double? lastSchedule)
    {
        var since = now - node.TimestampState;
        // In a dry run the last pass decided to power it on or off, and nothing was run: that is why it is as it is.
        if (dryRun?.CurrentFor(node.Name) is { } decided)
        {
            return Make(NodeReason.DryRun, decided.Action == "on"
                ? $"would be powered on{Daemon.DryRunDecisions.Purpose(decided.Requests)}; dry run (DRY_RUN), so no command is run and it stays {node.State.ToDisplay()}"
                : $"would be powered off; dry run (DRY_RUN), so no command is run and it stays {node.State.ToDisplay()}");
        }
        switch (node.State)
        {
            case NodeState.Off:
                return null;
            case NodeState.PowOn:
                return Make(NodeReason.PoweringOn, $"powered on {S(since)} ago; OFF_ERR unless the LRMS reports it on within MAX_WAIT_POWERON ({S(monitoring.MaxWaitPowerOn)}), {S(Math.Max(0, monitoring.MaxWaitPowerOn - since))} left");
            case NodeState.PowOff:
                return Make(NodeReason.PoweringOff, $"powered off {S(since)} ago; ON_ERR if the LRMS still reports it on after MAX_WAIT_POWEROFF ({S(monitoring.MaxWaitPowerOff)}), {S(Math.Max(0, monitoring.MaxWaitPowerOff - since))} left");
            case NodeState.OnErr:
                return Make(NodeReason.PowerOffFailed, $"power-off failed {node.PowerOffOperationFailed} time(s) in a row; "
                    + Retries(node.PowerOffOperationFailed, scheduling.RetriesPowerOff, "RETRIES_POWER_OFF"));
            case NodeState.OffErr when _retries.IsQuarantined(node):
                return Make(NodeReason.Quarantined, $"quarantined after {node.PowerOnOperationFailed} failed power-ons (RETRIES_POWER_ON = {scheduling.RetriesPowerOn}); "
                    + (_retries.ReleaseAt(node) is { } release
                        ? $"until {Daemon.NodeQuarantine.Clock(release)} (QUARANTINE_TIME, {S(Math.Max(0, release - now))} left) or `clues resetstate {node.Name}`"
                        : $"until `clues resetstate {node.Name}` (QUARANTINE_TIME = 0)"));
            case NodeState.OffErr:
                return Make(NodeReason.PowerOnFailed, $"power-on failed {node.PowerOnOperationFailed} time(s) in a row; "
                    + (_retries.RetryAt(node) is var retry && retry > now
                        ? $"backing off: not tried again for {S(retry - now)} (POWER_ON_BACKOFF), "
                        : "")
                    + Retries(node.PowerOnOperationFailed, scheduling.RetriesPowerOn, "RETRIES_POWER_ON"));
            case NodeState.Unknown:
                return Make(NodeReason.NotReported, $"not in the LRMS report for {S(since)}");
            case NodeState.Error:
                return Make(NodeReason.LrmsError, $"the LRMS reports it failed for {S(since)}");
        }
        if (!node.Enabled)
        {
            return Make(NodeReason.Disabled, "disabled (clues enable, or remove it from DISABLED_HOSTS)");
        }
        if (node.State == NodeState.Used)
        {
            return Make(NodeReason.Busy, $"running work: {Num(node.SlotsCount - node.SlotsFreeOriginal)} of {Num(node.SlotsCount)} slots in use");
        }
        if (bookedFor.Count > 0)
        {
            return Make(NodeReason.Booked, $"capacity booked for request(s) {string.Join(", ", bookedFor)}");
        }
        // A power-off policy of its own (Energy_Aware) says why it keeps an idle node on.
        if (_policy?.ExplainIdle(node, now) is { } policy)
        {
            return policy;
        }
        // PowOff_IDLE's tests, both strict (spec §4.4).
        if (!(node.TimestampState < now - scheduling.IdleTime))
        {
            return Make(NodeReason.IdleTooShort, $"idle for {S(since)}, not more than IDLE_TIME ({S(scheduling.IdleTime)}): {S(scheduling.IdleTime - since)} to go");
        }
        if (!(node.TimestampPoweredOn < now - scheduling.CooldownNodes))
        {
            return Make(NodeReason.RecentlyPoweredOn, $"powered on {S(now - node.TimestampPoweredOn)} ago, not more than COOLDOWN_NODES ({S(scheduling.CooldownNodes)})");
        }
        if (!_powersOff)
        {
            return Make(NodeReason.NoPowerOffScheduler, "SCHEDULER_CLASSES has no PowOff_IDLE scheduler");
        }
        var eligibleSince = Math.Max(node.TimestampState + scheduling.IdleTime, node.TimestampPoweredOn + scheduling.CooldownNodes);
        if (_groups?.WhyKeptOn(node.Name) is { } minimum && lastSchedule is { } last && last > eligibleSince)
        {
            return Make(NodeReason.GroupMinimum, $"kept on: {minimum}");
        }
        if (_keepsFree && lastSchedule is { } pass && pass > eligibleSince)
        {
            return Make(NodeReason.KeptFree, $"kept on to leave EXTRA_SLOTS_FREE ({scheduling.ExtraSlotsFree}) slots and EXTRA_NODES_FREE ({scheduling.ExtraNodesFree}) nodes free");
        }
        return Make(NodeReason.DueForPowerOff, $"idle for {S(since)}, more than IDLE_TIME ({S(scheduling.IdleTime)}): the next scheduling pass powers it off");
    }

    /// <summary>Why each request in <paramref name="queue"/> still waits; requests in a final state get none.</summary>
    /// <param name="queue">The queue, in order.</param>
    /// <param name="nodes">The managed nodes.</param>
    /// <param name="bookings">The bookings.</param>
    /// <param name="now">The daemon clock.</param>
    /// <param name="lastSchedule">When the last scheduling pass ran (null if none yet).</param>
    public IReadOnlyDictionary<long, Explanation> Explain(IEnumerable<Request> queue, IReadOnlyList<Node> nodes, BookingSystem bookings,
        double now, double? lastSchedule)
    {
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var booting = nodes.Count(n => n.State == NodeState.PowOn);
        var result = new Dictionary<long, Explanation>();
        long? aheadAlive = null;
        foreach (var request in queue)
        {
            var why = Explain(request, byName, bookings.Find(request.Id), booting, aheadAlive, now, lastSchedule);
            if (why is not null)
            {
                result[request.Id] = why;
            }
            if (aheadAlive is null && request.State is RequestState.Pending or RequestState.Attended)
            {
                aheadAlive = request.Id;
            }
        }
        return result;
    }

    private Explanation? Explain(Request request, Dictionary<string, Node> nodes, Booking? booking, int booting, long? aheadAlive,
        double now, double? lastSchedule)
    {
        // The last pass would have powered nodes on for it; in a dry run they never come up, so it waits for ever.
        if (!request.State.IsFinal() && dryRun?.PowerOnsFor(request.Id) is { Count: > 0 } powerOns)
        {
            return Make(RequestReason.DryRun, $"would power on {string.Join(", ", powerOns)} for it; dry run (DRY_RUN), so it stays waiting");
        }
        switch (request.State)
        {
            case RequestState.Attended:
                var waiting = (booking?.Nodes ?? []).Distinct(StringComparer.Ordinal)
                    .Where(n => nodes.TryGetValue(n, out var node) && node.State is NodeState.PowOn or NodeState.PowOff or NodeState.OnErr)
                    .Select(n => $"{n} ({nodes[n].State.ToDisplay()} for {S(now - nodes[n].TimestampState)})").ToList();
                return waiting.Count > 0
                    ? Make(RequestReason.WaitingForNodes, $"waiting for {string.Join(", ", waiting)}")
                    : Make(RequestReason.WaitingForLrms, $"attended {S(now - request.TimestampAttended)} ago{(request.JobId is null ? "" : $"; job {request.JobId}")}");
            case RequestState.Pending:
                if (lastSchedule is not { } pass || request.TimestampState >= pass)
                {
                    return Make(RequestReason.NotScheduledYet, $"queued {S(now - request.TimestampCreated)} ago; the next scheduling pass looks at it");
                }
                if (scheduling.MaxBootingNodes > 0 && booting >= scheduling.MaxBootingNodes)
                {
                    return Make(RequestReason.MaxBootingNodes, $"{booting} node(s) booting, MAX_BOOTING_NODES is {scheduling.MaxBootingNodes}");
                }
                return aheadAlive is { } ahead
                    ? Make(RequestReason.BehindEarlierRequest, $"request {ahead} ahead of it is still waiting for its nodes")
                    : Make(RequestReason.NotScheduledYet, "the next scheduling pass looks at it");
            case RequestState.Blocked:
                if (_groups?.WhyWaiting(request.Id) is { } groupLimit)
                {
                    return Make(RequestReason.GroupLimit, $"{groupLimit}; it is placed when the group has room");
                }
                if (!CouldEverHold(request.Resources, nodes.Values))
                {
                    var limit = scheduling.MaxBlockedTime > 0 ? $"; discarded after MAX_BLOCKED_TIME ({S(scheduling.MaxBlockedTime)})" : "";
                    return Make(RequestReason.NeverSatisfiable, $"{Describe(request.Resources)}: no node CLUES may use could hold it even if all were on and free{limit}");
                }
                return aheadAlive is { } earlier
                    ? Make(RequestReason.BehindEarlierRequest, $"request {earlier} ahead of it is still waiting for its nodes (first come, first served)")
                    : Make(RequestReason.NoCapacityNow, $"{Describe(request.Resources)}: not enough free capacity on the nodes that are on or can be powered on right now");
            case RequestState.NotServed:
                // KEEP (spec §4.2, case 6): CLUES gives up at once when not one task fits anywhere; say so, and what to do.
                return Make(RequestReason.NotServedNoRoom, $"{Describe(request.Resources)}: when it was scheduled no node that is on or can be powered on had room for one task, "
                    + "so it was marked not served at once (CLUES does not keep such a request waiting); submit it again when nodes are free, or add or enable nodes");
            default:
                return null;
        }
    }

    // The pools of PowOn_Requests (spec §4.2: on nodes, booting nodes, enabled off and powering-off nodes) plus
    // OFF_ERR nodes that recovery will retry, each as if it were empty.
    private bool CouldEverHold(Resources resources, IEnumerable<Node> nodes)
    {
        var pool = new List<Node>();
        foreach (var node in nodes)
        {
            var usable = node.State switch
            {
                NodeState.Idle or NodeState.Used or NodeState.OnErr or NodeState.PowOn => true,
                NodeState.Off or NodeState.PowOff => node.Enabled,
                NodeState.OffErr => node.Enabled && !_retries.IsQuarantined(node),
                _ => false,
            };
            if (usable)
            {
                var empty = node.Copy();
                empty.SlotsFree = empty.SlotsFreeOriginal = empty.SlotsCount;
                empty.MemoryFree = empty.MemoryFreeOriginal = empty.MemoryTotal;
                pool.Add(empty);
            }
        }
        return FitsFirstFit(pool, resources);
    }

    // The packer's rule (first fit, at most MaxTasksPerNode per node) on throw-away copies.
    private bool FitsFirstFit(List<Node> pool, Resources resources)
    {
        var placed = 0;
        foreach (var node in pool)
        {
            for (var onNode = 0; onNode < resources.MaxTasksPerNode && placed < resources.TaskCount && matcher.Meets(node, resources); onNode++)
            {
                node.Allocate(resources);
                placed++;
            }
            if (placed >= resources.TaskCount)
            {
                return true;
            }
        }
        return placed >= resources.TaskCount;
    }

    private static string Describe(Resources r)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{r.TaskCount} task(s) of {Num(r.Slots)} slot(s) and {Num(r.Memory)} memory, at most {r.MaxTasksPerNode} per node");
        var requirements = r.Expressions.Where(e => e.Trim().Length > 0).ToList();
        if (requirements.Count > 0)
        {
            text.Append(", requiring ").Append(string.Join(" ; ", requirements));
        }
        return text.ToString();
    }

    private static string Retries(int failures, int retries, string key) => failures < retries
        ? $"recovery retries ({failures} of {key} = {retries})"
        : $"{key} ({retries}) reached: it stays so until `clues resetstate`";

    private static Explanation Make(NodeReason reason, string text) => new(Code(reason.ToString()), text);

    private static Explanation Make(RequestReason reason, string text) => new(Code(reason.ToString()), text);

    /// <summary>The kebab-case code of a reason name (<c>IdleTooShort</c> → <c>idle-too-short</c>).</summary>
    internal static string Code(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static string S(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(seconds):0} s");

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
