using Clues.Core.Model;

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
            if (WithinFailGrace("node list", _nodeMonitor.Timestamp, _monitoring.PeriodMonitoringNodesFailGrace, "PERIOD_MONITORING_NODES_FAIL_GRACE", now))
            {
                return;
            }
            report = [];
        }
        _nodeMonitor.Apply(report, now);
    }
}
