using System.Globalization;
using System.Text;
using Clues.Core.Api;
using Clues.Core.Daemon;
using Clues.Core.HighAvailability;
using Clues.Core.Model;

namespace Clues.Host.Server;

/// <summary>The <c>/metrics</c> text: the platform (nodes, resources, queue), the daemon's counters and the API counters.</summary>
internal static class CluesMetrics
{
    public static async Task<string> RenderAsync(ICluesControl control, ApiMetrics metrics, DaemonMetrics? daemonMetrics, CancellationToken ct)
    {
        if (control is HighAvailabilityControl ha)
        {
            var sb = new StringBuilder();
            if (ha.IsServing)
            {
                try
                {
                    sb.Append(await RenderAsync(ha, ha.Metrics, ct).ConfigureAwait(false));
                }
                catch (StandbyException)
                {
                    // It stepped down while rendering: from now on it has no view of the cluster, as a standby.
                }
            }
            WriteHighAvailability(sb, ha.Status);
            metrics.WritePrometheus(sb);
            return sb.ToString();
        }
        var all = await RenderAsync(control, daemonMetrics, ct).ConfigureAwait(false);
        metrics.WritePrometheus(all);
        return all.ToString();
    }

    // A standby has no view of the cluster: it shows only which process is active, never an empty cluster.
    private static void WriteHighAvailability(StringBuilder sb, HighAvailabilityStatus status)
    {
        sb.Append("# HELP clues_ha_active 1 if this clues-host is the active one of its active/standby pair, else 0.\n# TYPE clues_ha_active gauge\n");
        sb.Append("clues_ha_active ").Append(status.Active ? '1' : '0').Append('\n');
        sb.Append("# HELP clues_ha_epoch The epoch of the lease as this clues-host last saw it (it grows at each takeover).\n# TYPE clues_ha_epoch gauge\n");
        sb.Append("clues_ha_epoch ").Append((status.Lease?.Epoch ?? 0).ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static async Task<StringBuilder> RenderAsync(ICluesControl control, DaemonMetrics? daemonMetrics, CancellationToken ct)
    {
        var nodes = await control.GetNodesAsync(ct).ConfigureAwait(false);
        var requests = await control.GetRequestsAsync(ct).ConfigureAwait(false);
        var groups = await control.GetGroupsAsync(ct).ConfigureAwait(false);
        var sb = new StringBuilder();

        sb.Append("# HELP clues_nodes Managed nodes by state.\n# TYPE clues_nodes gauge\n");
        foreach (var state in Enum.GetValues<NodeState>())
        {
            Gauge(sb, "clues_nodes", "state", state.ToDisplay(), nodes.Count(n => n.State == state));
        }
        sb.Append("# HELP clues_nodes_disabled Managed nodes that are disabled.\n# TYPE clues_nodes_disabled gauge\n");
        sb.Append("clues_nodes_disabled ").Append(nodes.Count(n => !n.Enabled).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("# HELP clues_nodes_quarantined Managed nodes quarantined after RETRIES_POWER_ON failed power-ons in a row.\n# TYPE clues_nodes_quarantined gauge\n");
        sb.Append("clues_nodes_quarantined ").Append(nodes.Count(n => n.Quarantined).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("# HELP clues_dry_run Whether the daemon runs in dry run (DRY_RUN): it decides power actions and runs none.\n# TYPE clues_dry_run gauge\n");
        sb.Append("clues_dry_run ").Append(control.DryRun ? '1' : '0').Append('\n');
        sb.Append("# HELP clues_node_slots Slots of each node.\n# TYPE clues_node_slots gauge\n");
        foreach (var n in nodes)
        {
            NodeGauge(sb, "clues_node_slots", n.Name, "total", n.SlotsCount);
            NodeGauge(sb, "clues_node_slots", n.Name, "free", n.SlotsFree);
        }
        sb.Append("# HELP clues_node_memory Memory of each node.\n# TYPE clues_node_memory gauge\n");
        foreach (var n in nodes)
        {
            NodeGauge(sb, "clues_node_memory", n.Name, "total", n.MemoryTotal);
            NodeGauge(sb, "clues_node_memory", n.Name, "free", n.MemoryFree);
        }
        if (groups.Count > 0)
        {
            sb.Append("# HELP clues_group_nodes Nodes of each node group: members, on, booting, and its bounds (a max of 0 = no cap).\n# TYPE clues_group_nodes gauge\n");
            foreach (var g in groups)
            {
                GroupGauge(sb, g.Name, "members", g.Nodes);
                GroupGauge(sb, g.Name, "on", g.On);
                GroupGauge(sb, g.Name, "booting", g.Booting);
                GroupGauge(sb, g.Name, "min_on", g.MinOn);
                GroupGauge(sb, g.Name, "max_on", g.MaxOn);
                GroupGauge(sb, g.Name, "max_booting", g.MaxBooting);
            }
        }
        sb.Append("# HELP clues_requests Queued requests by state.\n# TYPE clues_requests gauge\n");
        foreach (var state in Enum.GetValues<RequestState>())
        {
            Gauge(sb, "clues_requests", "state", state.ToDisplay(), requests.Count(r => r.State == state));
        }
        daemonMetrics?.WritePrometheus(sb);
        return sb;
    }

    private static void Gauge(StringBuilder sb, string metric, string label, string value, double number) =>
        sb.Append(metric).Append('{').Append(label).Append("=\"").Append(PrometheusText.EscapeLabel(value)).Append("\"} ")
            .Append(number.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static void GroupGauge(StringBuilder sb, string group, string kind, int number) =>
        sb.Append("clues_group_nodes{group=\"").Append(PrometheusText.EscapeLabel(group)).Append("\",kind=\"").Append(kind).Append("\"} ")
            .Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void NodeGauge(StringBuilder sb, string metric, string node, string kind, double number) =>
        sb.Append(metric).Append("{node=\"").Append(PrometheusText.EscapeLabel(node)).Append("\",kind=\"").Append(kind).Append("\"} ")
            .Append(number.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
