using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>Node monitoring (spec §1.5): merge the LRMS report, detect vanished nodes, apply power timeouts, store changes.</summary>
    internal ValueTask MonitorNodesAsync(CancellationToken cancellationToken) =>
        Once(_nodeReport, () => _platform.GetNodesAsync(cancellationToken), ApplyNodeReport);

    private void ApplyNodeReport(IReadOnlyList<NodeInfo>? report)
    {
        var now = _loop.Now;
        if (report is null)
        {
            if (WithinFailGrace("node list", _nodesTimestamp, _monitoring.PeriodMonitoringNodesFailGrace, "PERIOD_MONITORING_NODES_FAIL_GRACE", now))
            {
                return;
            }
            report = [];
        }

        if (_nodeOrder is null)
        {
            _nodeOrder = [];
            foreach (var info in report)
            {
                AddNode(NewRestoredNode(info));
            }
            var latest = _store.LatestNodes();
            foreach (var name in _storedFlags.Keys.ToList())
            {
                if (_nodes.ContainsKey(name))
                {
                    continue;
                }
                var info = latest.TryGetValue(name, out var stored)
                    ? new NodeInfo(name, stored.SlotsCount, stored.SlotsFree, stored.MemoryTotal, stored.MemoryFree, state: (NodeState)stored.State)
                    : new NodeInfo(name, -1, -1, -1, -1);
                var node = NewRestoredNode(info);
                node.SetState(NodeState.Unknown, now);
                AddNode(node);
            }
        }

        var changed = new List<Node>();
        // A report usually names the managed nodes in the same order every time: then none vanished, and neither
        // a set of the reported names nor a lookup by name is needed (they were a good share of a simulated round).
        var sameOrder = report.Count == _nodeOrder.Count;
        for (var i = 0; i < report.Count; i++)
        {
            var info = report[i];
            sameOrder = sameOrder && string.Equals(_nodeOrder[i].Name, info.Name, StringComparison.Ordinal);
            var node = sameOrder ? _nodeOrder[i] : _nodes.GetValueOrDefault(info.Name);
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
                node = NewRestoredNode(info);
                AddNode(node);
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
            foreach (var node in _nodeOrder)
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
        _nodesTimestamp = now;

        foreach (var node in _nodeOrder)
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
            StoreNode(node, now);
        }
        _state.SaveNodes(Nodes);
    }

    /// <summary>
    /// Effective enable flags (spec §2.9): DISABLED_HOSTS, then the stored flags.
    /// FIX (spec §14 Q4): in CLUES the "enabled" row written automatically for every node overrides DISABLED_HOSTS
    /// after the node's first change; here a stored "enabled" only wins over the list when it was set explicitly
    /// (enable call) since the host started. Stored "disabled" always wins.
    /// </summary>
    private void ApplyEnableFlags()
    {
        if (_nodeOrder is null)
        {
            return;
        }
        if (!ReferenceEquals(_disabledByConfigSource, _general.DisabledHosts))
        {
            _disabledByConfig = new HashSet<string>(_general.DisabledHostList, StringComparer.Ordinal);
            _disabledByConfigSource = _general.DisabledHosts;
        }
        var disabledByConfig = _disabledByConfig!;
        foreach (var node in _nodeOrder)
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

    /// <summary>Stores a node observation and registers the host as enabled if it is new (spec §2.9).</summary>
    private void StoreNode(Node node, double now)
    {
        _store.StoreNode(node, now);
        _storedFlags.TryAdd(node.Name, true);
        _state.SaveNode(node);
    }
}
