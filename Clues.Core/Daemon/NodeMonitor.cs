using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// Node monitoring (spec §1.5): owns the managed nodes and merges each LRMS report into them (new, vanished and
/// changed nodes, power timeouts), keeps their enable flags (spec §2.9) and records every change in the store.
/// </summary>
internal sealed partial class NodeMonitor
{
    private readonly DaemonStateStore _state;
    private readonly NodeRules _rules;
    private readonly GeneralOptions _general;
    private readonly MonitoringOptions _monitoring;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Node> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _storedFlags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _explicitlyEnabled = new(StringComparer.Ordinal);
    private List<Node>? _order;
    // The managed nodes as a NodeList, whose name index each pass's copy shares; rebuilt when a node is added.
    private NodeList? _list;
    // DISABLED_HOSTS as a set, rebuilt only when the setting changes (it is read on every node monitoring).
    private string? _disabledByConfigSource;
    private HashSet<string>? _disabledByConfig;
    // Whether an input of the enable flags (the nodes, the stored or explicit flags) changed since they were applied.
    private bool _flagsStale = true;
    private long _nextNodeId;

    /// <summary>Creates the monitor and reads the known hosts and their enable flags from the store.</summary>
    /// <param name="state">The store (host_monitoring rows, host flags) and the nodes' resume state.</param>
    /// <param name="rules">The state machine's timings, hooks and observer, shared by every node.</param>
    /// <param name="general">DISABLED_HOSTS.</param>
    /// <param name="monitoring">MAX_WAIT_POWERON, MAX_WAIT_POWEROFF.</param>
    /// <param name="logger">The daemon's logger (the messages are the daemon's).</param>
    public NodeMonitor(DaemonStateStore state, NodeRules rules, GeneralOptions general, MonitoringOptions monitoring, ILogger logger)
    {
        _state = state;
        _rules = rules;
        _general = general;
        _monitoring = monitoring;
        _logger = logger;
        foreach (var (name, enabled) in state.Store.LoadHosts())
        {
            _storedFlags[name] = enabled;
        }
    }

    /// <summary>Whether a report has been merged yet (before it, the daemon knows no nodes).</summary>
    public bool HasReport => _order is not null;

    /// <summary>The managed nodes in LRMS order, then the stored hosts the first report did not name.</summary>
    public IReadOnlyList<Node> Nodes => _order ?? [];

    /// <summary>The managed nodes with a name index (shared by every pass's copy until a node is added).</summary>
    public NodeList List => _list ??= new NodeList(Nodes);

    /// <summary>When the last report was merged (-1 before any).</summary>
    public double Timestamp { get; private set; } = -1;

    /// <summary>The managed node with a name, or null.</summary>
    public Node? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Merges a report (an empty one for a failed report past its grace period).</summary>
    /// <remarks>
    /// The first report also brings back every host stored by earlier runs that the LRMS no longer names, as
    /// UNKNOWN with its last stored resources. Each node first seen gets the daemon-side state the previous run
    /// saved, if any.
    /// </remarks>
    public void Apply(IReadOnlyList<NodeInfo> report, double now)
    {
        if (_order is null)
        {
            _order = [];
            foreach (var info in report)
            {
                Add(NewNode(info, now));
            }
            var latest = _state.Store.LatestNodes();
            foreach (var name in _storedFlags.Keys.ToList())
            {
                if (_byName.ContainsKey(name))
                {
                    continue;
                }
                var info = latest.TryGetValue(name, out var stored)
                    ? new NodeInfo(name, stored.SlotsCount, stored.SlotsFree, stored.MemoryTotal, stored.MemoryFree, state: (NodeState)stored.State)
                    : new NodeInfo(name, -1, -1, -1, -1);
                var node = NewNode(info, now);
                node.SetState(NodeState.Unknown, now);
                Add(node);
            }
        }

        var changed = new List<Node>();
        // A report usually names the managed nodes in the same order every time: then none vanished, and neither
        // a set of the reported names nor a lookup by name is needed (they were a good share of a simulated round).
        var sameOrder = report.Count == _order.Count;
        for (var i = 0; i < report.Count; i++)
        {
            var info = report[i];
            sameOrder = sameOrder && string.Equals(_order[i].Name, info.Name, StringComparison.Ordinal);
            var node = sameOrder ? _order[i] : _byName.GetValueOrDefault(info.Name);
            if (node is not null)
            {
                var (_, stateChanged, resourcesChanged) = node.UpdateInfo(info, now);
                if (stateChanged || resourcesChanged)
                {
                    changed.Add(node);
                }
            }
            else
            {
                Log.NodeAppeared(_logger, info.Name);
                node = NewNode(info, now);
                Add(node);
                changed.Add(node);
            }
        }
        if (!sameOrder)
        {
            var reported = new HashSet<string>(report.Count, StringComparer.Ordinal);
            foreach (var info in report)
            {
                reported.Add(info.Name);
            }
            foreach (var node in _order)
            {
                if (node.State != NodeState.Unknown && !reported.Contains(node.Name))
                {
                    Log.NodeDisappeared(_logger, node.Name);
                    node.SetState(NodeState.Unknown, now);
                    changed.Add(node);
                }
            }
        }
        ApplyEnableFlags();
        Timestamp = now;

        foreach (var node in _order)
        {
            if (node.State == NodeState.PowOn && now - node.TimestampState > _monitoring.MaxWaitPowerOn)
            {
                node.SetState(NodeState.OffErr, now);
                changed.Add(node);
            }
            if (node.State == NodeState.PowOff && now - node.TimestampState > _monitoring.MaxWaitPowerOff)
            {
                node.SetState(NodeState.OnErr, now);
                changed.Add(node);
            }
        }
        foreach (var node in changed)
        {
            Record(node, now);
        }
        _state.SaveNodes(_order);
    }

    /// <summary>Records a node observation (its host_monitoring row and resume state) and registers the host as enabled if it is new (spec §2.9).</summary>
    public void Record(Node node, double now)
    {
        _state.Store.StoreNode(node, now);
        _flagsStale |= _storedFlags.TryAdd(node.Name, true);
        _state.SaveNode(node);
    }

    /// <summary>Enables or disables a managed node and persists the flag (spec §2.9).</summary>
    /// <returns>False if no managed node has the name.</returns>
    public bool SetEnabled(string name, bool enable)
    {
        if (!_byName.ContainsKey(name))
        {
            return false;
        }
        _state.Store.SetHostEnabled(name, enable);
        _storedFlags[name] = enable;
        _flagsStale = true;
        if (enable)
        {
            _explicitlyEnabled.Add(name);
        }
        else
        {
            _explicitlyEnabled.Remove(name);
        }
        ApplyEnableFlags();
        return true;
    }

    /// <summary>
    /// Effective enable flags (spec §2.9): DISABLED_HOSTS, then the stored flags.
    /// FIX (spec §14 Q4): in CLUES the "enabled" row written automatically for every node overrides DISABLED_HOSTS
    /// after the node's first change; here a stored "enabled" only wins over the list when it was set explicitly
    /// (enable call) since the host started. Stored "disabled" always wins.
    /// Recomputed only when one of those inputs changed: it runs on every node monitoring.
    /// </summary>
    private void ApplyEnableFlags()
    {
        if (_order is null)
        {
            return;
        }
        if (!ReferenceEquals(_disabledByConfigSource, _general.DisabledHosts))
        {
            _disabledByConfig = new HashSet<string>(_general.DisabledHostList, StringComparer.Ordinal);
            _disabledByConfigSource = _general.DisabledHosts;
            _flagsStale = true;
        }
        if (!_flagsStale)
        {
            return;
        }
        _flagsStale = false;
        var disabledByConfig = _disabledByConfig!;
        foreach (var node in _order)
        {
            var enabled = !disabledByConfig.Contains(node.Name);
            if (_storedFlags.TryGetValue(node.Name, out var stored))
            {
                if (!stored)
                {
                    enabled = false;
                }
                else if (_explicitlyEnabled.Contains(node.Name))
                {
                    enabled = true;
                }
            }
            node.Enabled = enabled;
        }
    }

    /// <summary>A node first seen now, with its daemon-side state restored if the previous run saved one.</summary>
    private Node NewNode(NodeInfo info, double now)
    {
        var node = new Node(info, now, _rules, ++_nextNodeId);
        if (_state.TakeRestored(node) is { } saved)
        {
            node.Restore(saved.State, saved.TimestampState, saved.TimestampPoweredOn, saved.TimestampPoweredOff,
                saved.PowerOnFailures, saved.PowerOffFailures);
            Log.NodeRestored(_logger, node.Name, saved.State.ToDisplay(), saved.TimestampState);
        }
        return node;
    }

    private void Add(Node node)
    {
        _order!.Add(node);
        _list = null;
        _byName[node.Name] = node;
        _flagsStale = true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "node {Node} has just appeared")]
        public static partial void NodeAppeared(ILogger logger, string node);

        [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "node {Node} has disappeared from the LRMS report")]
        public static partial void NodeDisappeared(ILogger logger, string node);

        [LoggerMessage(EventId = 621, Level = LogLevel.Information, Message = "node {Node} restored as {State} since {Since:0.###}")]
        public static partial void NodeRestored(ILogger logger, string node, string state, double since);
    }
}
