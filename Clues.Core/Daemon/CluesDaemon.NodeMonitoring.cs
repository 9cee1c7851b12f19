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
            if (WithinFailGrace("node list", _nodeMonitor.Timestamp, _options.Monitoring.PeriodMonitoringNodesFailGrace, "PERIOD_MONITORING_NODES_FAIL_GRACE", now))
            {
                return;
            }
            report = [];
        }
        _nodeMonitor.Apply(report, now);
    }

    /// <summary>Records a node's new state: its host_monitoring row and resume state (see <see cref="NodeMonitor.Record"/>).</summary>
    private void StoreNode(Node node, double now) => _nodeMonitor.Record(node, now);
}
