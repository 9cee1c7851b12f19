using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Groups;

/// <summary>
/// Holds every scheduler to the bounds of the node groups (<c>[group:NAME]</c>): it runs around the configured chain,
/// so a scheduler, built-in or written later, never needs to know about groups.
/// </summary>
/// <remarks>
/// <para>
/// Before the chain, the OFF and powering-off nodes of a group that may not have one more node on (MAX_ON reached
/// by the nodes on or booting, or MAX_BOOTING by those booting) are hidden from the schedulers (disabled in the
/// pass' private copy), so a request is placed on other nodes when any can hold it.
/// </para>
/// <para>
/// After the chain it edits the proposals: a power-on beyond a group's MAX_ON or MAX_BOOTING is withheld, and the
/// requests it was for go back to BLOCKED (their bookings released; nodes chosen only for them are withheld too);
/// a request that only a hidden node could hold is kept BLOCKED instead of NOT_SERVED, since it can run once the group
/// has room; a power-off that would take a group below MIN_ON is withheld; and a group below MIN_ON gets OFF nodes
/// powered on, in LRMS order, MAX_BOOTING at a time. The reasons are kept for <c>--why</c>. Nodes in no group are
/// left as the chain decided.
/// </para>
/// </remarks>
public sealed partial class NodeGroupGuard
{
    private readonly IReadOnlyList<NodeGroup> _groups;
    private readonly BookingSystem _bookings;
    private readonly ILogger<NodeGroupGuard> _logger;
    private readonly Dictionary<string, int> _membership = new(StringComparer.Ordinal);
    private readonly List<(Node Node, string Reason)> _hidden = [];
    private readonly RepeatedDecisions _keptLog = new();
    private readonly RepeatedDecisions _withheldLog = new();
    private bool _membersChecked;
    private Dictionary<long, string> _waiting = [];
    private Dictionary<string, string> _keptOn = new(StringComparer.Ordinal);

    /// <summary>Creates the guard of <paramref name="groups"/>.</summary>
    /// <param name="groups">The groups, in file order (a node matched by two patterns belongs to the first).</param>
    /// <param name="bookings">The bookings, released for the requests whose power-ons are withheld.</param>
    /// <param name="logger">Logs every withheld or added decision.</param>
    public NodeGroupGuard(IReadOnlyList<NodeGroup> groups, BookingSystem bookings, ILogger<NodeGroupGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = groups;
        _bookings = bookings;
        _logger = logger;
        Before = new Link(this, before: true);
        After = new Link(this, before: false);
    }

    /// <summary>The groups.</summary>
    public IReadOnlyList<NodeGroup> Groups => _groups;

    /// <summary>The link the chain runs first: hides the nodes of groups that may not have one more node on.</summary>
    public IScheduler Before { get; }

    /// <summary>The link the chain runs last: withholds and adds proposals.</summary>
    public IScheduler After { get; }

    /// <summary>The guard of a chain built by <see cref="SchedulerChain.Build"/>, or null when no group is configured.</summary>
    public static NodeGroupGuard? In(IEnumerable<IScheduler> chain) => chain.OfType<Link>().FirstOrDefault()?.Guard;

    /// <summary>The group of <paramref name="node"/>, or null.</summary>
    public NodeGroup? GroupOf(string node) => IndexOf(node) is var i and >= 0 ? _groups[i] : null;

    /// <summary>Why the last pass kept <paramref name="requestId"/> waiting because of a group's bound, or null.</summary>
    public string? WhyWaiting(long requestId) => _waiting.GetValueOrDefault(requestId);

    /// <summary>Why the last pass withheld the power-off of <paramref name="node"/> (a group's MIN_ON), or null.</summary>
    public string? WhyKeptOn(string node) => _keptOn.GetValueOrDefault(node);

    /// <summary>Each group's nodes on and booting, from <paramref name="nodes"/>.</summary>
    public IReadOnlyList<NodeGroupStatus> Status(IEnumerable<Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var members = new int[_groups.Count];
        var on = new int[_groups.Count];
        var booting = new int[_groups.Count];
        foreach (var node in nodes)
        {
            if (IndexOf(node.Name) is var i and >= 0)
            {
                members[i]++;
                on[i] += node.State is NodeState.Idle or NodeState.Used or NodeState.OnErr ? 1 : 0;
                booting[i] += node.State == NodeState.PowOn ? 1 : 0;
            }
        }
        return _groups.Select((g, i) => new NodeGroupStatus(g.Name, members[i], on[i], booting[i], g.MinOn, g.MaxOn, g.MaxBooting)).ToList();
    }

    /// <summary>Before the chain: hides the OFF and powering-off nodes of every group that may not have one more node on.</summary>
    internal void Restrict(SchedulingContext context)
    {
        _hidden.Clear();
        var nodes = context.Monitoring.Nodes;
        CheckMembers(nodes);
        var tally = Tally.Of(this, nodes);
        var limits = new string?[_groups.Count];
        var any = false;
        for (var i = 0; i < _groups.Count; i++)
        {
            limits[i] = Limit(_groups[i], tally.OnOrBooting[i], tally.Booting[i]);
            any |= limits[i] is not null;
        }
        if (!any)
        {
            return;
        }
        foreach (var node in nodes)
        {
            if (node.Enabled && node.State is NodeState.Off or NodeState.OffErr or NodeState.PowOff
                && IndexOf(node.Name) is var i and >= 0 && limits[i] is { } reason)
            {
                node.Enabled = false;
                _hidden.Add((node, reason));
            }
        }
    }

    /// <summary>After the chain: withholds the proposals that break a bound, and powers nodes on to reach MIN_ON.</summary>
    internal void Enforce(SchedulingContext context)
    {
        foreach (var (node, _) in _hidden)
        {
            node.Enabled = true;
        }
        var waiting = new Dictionary<long, string>();
        var keptOn = new Dictionary<string, string>(StringComparer.Ordinal);
        WithholdPowerOns(context, waiting);
        KeepWaiting(context, waiting);
        WithholdPowerOffs(context, keptOn);
        PowerOnToMinimum(context);
        _waiting = waiting;
        _keptOn = keptOn;
        _keptLog.EndRun();
        _withheldLog.EndRun();
    }

    private void WithholdPowerOns(SchedulingContext context, Dictionary<long, string> waiting)
    {
        var nodes = context.Monitoring.Nodes;
        var tally = Tally.Of(this, nodes);
        var withheld = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in context.CandidatesOn.Names)
        {
            if (IndexOf(name) is not (var i and >= 0) || nodes.Find(name) is not { } node || IsOnOrBooting(node.State))
            {
                continue;
            }
            if (Limit(_groups[i], tally.OnOrBooting[i], tally.Booting[i]) is { } reason)
            {
                withheld[name] = reason;
                Log.PowerOnWithheld(_logger, _withheldLog.LevelFor(name), name, reason);
            }
            else
            {
                tally.OnOrBooting[i]++;
                tally.Booting[i]++;
            }
        }
        if (withheld.Count == 0)
        {
            return;
        }
        var blocked = new HashSet<Request>();
        foreach (var (name, reason) in withheld)
        {
            foreach (var request in context.CandidatesOn.RequestsFor(name))
            {
                blocked.Add(request);
                waiting.TryAdd(request.Id, reason);
            }
            context.CandidatesOn.Remove(name);
        }
        // A node chosen only for requests that now wait would be powered on for nothing.
        foreach (var name in context.CandidatesOn.Names.ToList())
        {
            var requests = context.CandidatesOn.RequestsFor(name);
            if (requests.Count > 0 && requests.All(blocked.Contains))
            {
                context.CandidatesOn.Remove(name);
                Log.PowerOnWithheld(_logger, _withheldLog.LevelFor(name), name, "it was chosen only for requests that wait for a group");
            }
        }
        foreach (var request in blocked)
        {
            if (request.State == RequestState.Attended)
            {
                _bookings.Release(request.Id);
                request.SetState(RequestState.Blocked, context.Now);
            }
        }
    }

    // A request that only a hidden node could hold waits, BLOCKED, rather than being marked NOT_SERVED (final).
    private void KeepWaiting(SchedulingContext context, Dictionary<long, string> waiting)
    {
        if (_hidden.Count == 0)
        {
            return;
        }
        foreach (var request in context.Requests)
        {
            var decidedNow = request.State == RequestState.NotServed && request.TimestampState == context.Now;
            if (waiting.ContainsKey(request.Id) || !(decidedNow || request.State == RequestState.Blocked))
            {
                continue;
            }
            foreach (var (node, reason) in _hidden)
            {
                if (context.Matcher.Meets(node, request.Resources))
                {
                    if (decidedNow)
                    {
                        request.SetState(RequestState.Blocked, context.Now);
                    }
                    waiting[request.Id] = reason;
                    break;
                }
            }
        }
    }

    private void WithholdPowerOffs(SchedulingContext context, Dictionary<string, string> keptOn)
    {
        if (context.CandidatesOff.Count == 0 || !_groups.Any(g => g.MinOn > 0))
        {
            return;
        }
        var nodes = context.Monitoring.Nodes;
        var tally = Tally.Of(this, nodes);
        var decided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in context.CandidatesOff)
        {
            if (!decided.Add(name) || IndexOf(name) is not (var i and >= 0) || _groups[i].MinOn == 0
                || nodes.Find(name) is not { } node || !IsOnOrBooting(node.State) || context.CandidatesOn.Contains(name))
            {
                continue;
            }
            if (tally.OnOrBooting[i] > _groups[i].MinOn)
            {
                tally.OnOrBooting[i]--;
            }
            else
            {
                var reason = $"group {_groups[i].Name} is at its minimum of {_groups[i].MinOn} node{(_groups[i].MinOn == 1 ? "" : "s")} on (MIN_ON)";
                keptOn[name] = reason;
                Log.PowerOffWithheld(_logger, _keptLog.LevelFor(name), name, reason);
            }
        }
        if (keptOn.Count > 0)
        {
            context.CandidatesOff.RemoveAll(keptOn.ContainsKey);
        }
    }

    private void PowerOnToMinimum(SchedulingContext context)
    {
        if (!_groups.Any(g => g.MinOn > 0))
        {
            return;
        }
        var nodes = context.Monitoring.Nodes;
        var tally = Tally.Of(this, nodes);
        foreach (var name in context.CandidatesOff.Distinct(StringComparer.Ordinal))
        {
            if (IndexOf(name) is var i and >= 0 && nodes.Find(name) is { } node && IsOnOrBooting(node.State) && !context.CandidatesOn.Contains(name))
            {
                tally.OnOrBooting[i]--;
            }
        }
        foreach (var name in context.CandidatesOn.Names)
        {
            if (IndexOf(name) is var i and >= 0 && nodes.Find(name) is { } node && !IsOnOrBooting(node.State))
            {
                tally.OnOrBooting[i]++;
                tally.Booting[i]++;
            }
        }
        foreach (var node in nodes)
        {
            if (node.State != NodeState.Off || !node.Enabled || IndexOf(node.Name) is not (var i and >= 0) || context.CandidatesOn.Contains(node.Name))
            {
                continue;
            }
            var group = _groups[i];
            if (tally.OnOrBooting[i] < group.MinOn && (group.MaxBooting == 0 || tally.Booting[i] < group.MaxBooting))
            {
                context.CandidatesOn.GetOrAdd(node.Name);
                tally.OnOrBooting[i]++;
                tally.Booting[i]++;
                Log.PoweringOnForMinimum(_logger, node.Name, group.Name, group.MinOn);
            }
        }
    }

    private static string? Limit(NodeGroup group, int onOrBooting, int booting) =>
        group.MaxOn > 0 && onOrBooting >= group.MaxOn
            ? $"group {group.Name} is at its maximum of {group.MaxOn} node{(group.MaxOn == 1 ? "" : "s")} on (MAX_ON)"
            : group.MaxBooting > 0 && booting >= group.MaxBooting
                ? $"group {group.Name} has {booting} node{(booting == 1 ? "" : "s")} booting, its maximum at once (MAX_BOOTING)"
                : null;

    private static bool IsOnOrBooting(NodeState state) => state is NodeState.Idle or NodeState.Used or NodeState.OnErr or NodeState.PowOn;

    private int IndexOf(string node)
    {
        if (!_membership.TryGetValue(node, out var index))
        {
            index = -1;
            for (var i = 0; i < _groups.Count; i++)
            {
                if (!_groups[i].Nodes.Matches(node))
                {
                    continue;
                }
                if (index < 0)
                {
                    index = i;
                }
                else
                {
                    Log.InTwoGroups(_logger, node, _groups[index].Section, _groups[i].Section);
                }
            }
            _membership[node] = index;
        }
        return index;
    }

    // Once the LRMS has reported nodes: a group that matches none of them is probably misspelt.
    private void CheckMembers(NodeList nodes)
    {
        if (_membersChecked || nodes.Count == 0)
        {
            return;
        }
        _membersChecked = true;
        var members = Status(nodes);
        foreach (var group in members)
        {
            var declared = _groups.First(g => g.Name == group.Name);
            if (group.Nodes == 0)
            {
                Log.NoMembers(_logger, declared.Section, declared.Nodes.Text);
            }
            else if (group.Nodes < declared.MinOn)
            {
                Log.FewerThanMinimum(_logger, declared.Section, group.Nodes, declared.MinOn);
            }
        }
    }

    /// <summary>Nodes on or booting, and booting, per group (by index).</summary>
    private readonly record struct Tally(int[] OnOrBooting, int[] Booting)
    {
        public static Tally Of(NodeGroupGuard guard, NodeList nodes)
        {
            var tally = new Tally(new int[guard._groups.Count], new int[guard._groups.Count]);
            foreach (var node in nodes)
            {
                if (IsOnOrBooting(node.State) && guard.IndexOf(node.Name) is var i and >= 0)
                {
                    tally.OnOrBooting[i]++;
                    tally.Booting[i] += node.State == NodeState.PowOn ? 1 : 0;
                }
            }
            return tally;
        }
    }

    /// <summary>One end of the guard in the chain.</summary>
    private sealed class Link(NodeGroupGuard guard, bool before) : IScheduler
    {
        public NodeGroupGuard Guard => guard;

        public string Name => before ? "node groups (before the chain)" : "node groups";

        public bool Schedule(SchedulingContext context)
        {
            if (before)
            {
                guard.Restrict(context);
            }
            else
            {
                guard.Enforce(context);
            }
            return true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 370, Message = "node groups: not powering {Node} on: {Reason}")]
        public static partial void PowerOnWithheld(ILogger logger, LogLevel level, string node, string reason);

        [LoggerMessage(EventId = 371, Message = "node groups: not powering {Node} off: {Reason}")]
        public static partial void PowerOffWithheld(ILogger logger, LogLevel level, string node, string reason);

        [LoggerMessage(EventId = 372, Level = LogLevel.Information, Message = "node groups: powering {Node} on: group {Group} has fewer than MIN_ON={MinOn} nodes on")]
        public static partial void PoweringOnForMinimum(ILogger logger, string node, string group, int minOn);

        [LoggerMessage(EventId = 373, Level = LogLevel.Error, Message = "node groups: node {Node} is in [{First}] and in [{Second}]; each node must be in one group only: the bounds of [{First}] apply")]
        public static partial void InTwoGroups(ILogger logger, string node, string first, string second);

        [LoggerMessage(EventId = 374, Level = LogLevel.Warning, Message = "node groups: [{Section}] NODES = {Nodes} matches none of the nodes the LRMS reports")]
        public static partial void NoMembers(ILogger logger, string section, string nodes);

        [LoggerMessage(EventId = 375, Level = LogLevel.Warning, Message = "node groups: [{Section}] has {Count} node(s), fewer than its MIN_ON ({MinOn}): all of them are kept on")]
        public static partial void FewerThanMinimum(ILogger logger, string section, int count, int minOn);
    }
}
