using System.Globalization;
using System.Text;

namespace Clues.Core.Daemon;

/// <summary>
/// What the daemon counts for <c>/metrics</c>: power actions and their failures, how long requests wait to be
/// served, how long nodes take from power-on to ready, and how long each loop step takes. Thread-safe: the loop
/// writes, the web server reads.
/// </summary>
public sealed class DaemonMetrics
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Action, string Outcome), long> _powerActions = [];
    private readonly Summary _requestWait = new();
    private readonly Summary _powerOnToReady = new();
    private readonly Dictionary<string, Summary> _steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _dryRunActions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _quarantineReleases = new(StringComparer.Ordinal);
    private long _quarantines;

    /// <summary>The database's health, when the daemon keeps its tables in one that can go away.</summary>
    public Persistence.IDatabaseHealth? Database { get; set; }

    /// <summary>Counts a power action: <paramref name="action"/> "on"/"off", <paramref name="outcome"/> "started", "succeeded" or "failed".</summary>
    public void PowerAction(string action, string outcome)
    {
        lock (_lock)
        {
            _powerActions[(action, outcome)] = _powerActions.GetValueOrDefault((action, outcome)) + 1;
        }
    }

    /// <summary>Counts a power action a dry run decided and did not run (each decision once, not each repeat).</summary>
    public void DryRunAction(string action) => Increment(_dryRunActions, action);

    /// <summary>Counts a node entering quarantine.</summary>
    public void Quarantined()
    {
        lock (_lock)
        {
            _quarantines++;
        }
    }

    /// <summary>Counts a node leaving quarantine: <paramref name="by"/> "time" (QUARANTINE_TIME) or "resetstate".</summary>
    public void QuarantineReleased(string by) => Increment(_quarantineReleases, by);

    /// <summary>How many power actions a dry run decided, by action.</summary>
    public long DryRunActions(string action)
    {
        lock (_lock)
        {
            return _dryRunActions.GetValueOrDefault(action);
        }
    }

    /// <summary>How many times nodes entered quarantine.</summary>
    public long Quarantines
    {
        get
        {
            lock (_lock)
            {
                return _quarantines;
            }
        }
    }

    /// <summary>Records the seconds from a request's creation to its release (SERVED).</summary>
    public void RequestServed(double seconds) => Observe(_requestWait, seconds);

    /// <summary>Records the seconds from a power-on to the node being reported on.</summary>
    public void NodeReady(double seconds) => Observe(_powerOnToReady, seconds);

    /// <summary>Records how long one loop step took.</summary>
    public void Step(string step, double seconds)
    {
        lock (_lock)
        {
            if (!_steps.TryGetValue(step, out var summary))
            {
                summary = new Summary();
                _steps[step] = summary;
            }
            summary.Add(seconds);
        }
    }

    /// <summary>How many power actions of a kind ended with an outcome.</summary>
    public long PowerActions(string action, string outcome)
    {
        lock (_lock)
        {
            return _powerActions.GetValueOrDefault((action, outcome));
        }
    }

    /// <summary>Writes every metric in the Prometheus text format.</summary>
    public void WritePrometheus(StringBuilder sb)
    {
        lock (_lock)
        {
            sb.Append("# HELP clues_power_actions_total Power actions by action (on, off) and outcome (started, succeeded, failed).\n# TYPE clues_power_actions_total counter\n");
            foreach (var ((action, outcome), count) in _powerActions.OrderBy(p => p.Key.Action).ThenBy(p => p.Key.Outcome))
            {
                sb.Append(CultureInfo.InvariantCulture, $"clues_power_actions_total{{action=\"{action}\",outcome=\"{outcome}\"}} {count}\n");
            }
            if (_dryRunActions.Count > 0)
            {
                sb.Append("# HELP clues_dry_run_power_actions_total Power actions a dry run decided and did not run, by action (on, off); a decision repeated pass after pass counts once.\n# TYPE clues_dry_run_power_actions_total counter\n");
                foreach (var (action, count) in _dryRunActions.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sb.Append(CultureInfo.InvariantCulture, $"clues_dry_run_power_actions_total{{action=\"{action}\"}} {count}\n");
                }
            }
            sb.Append("# HELP clues_node_quarantines_total Times a node was quarantined after RETRIES_POWER_ON failed power-ons in a row.\n# TYPE clues_node_quarantines_total counter\n");
            sb.Append(CultureInfo.InvariantCulture, $"clues_node_quarantines_total {_quarantines}\n");
            sb.Append("# HELP clues_node_quarantine_releases_total Quarantines ended, by what ended them (time, resetstate).\n# TYPE clues_node_quarantine_releases_total counter\n");
            foreach (var (by, count) in _quarantineReleases.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"clues_node_quarantine_releases_total{{by=\"{by}\"}} {count}\n");
            }
            _requestWait.Write(sb, "clues_request_wait_seconds", "Seconds from a request's creation to its release (served).", "");
            _powerOnToReady.Write(sb, "clues_node_power_on_seconds", "Seconds from a power-on to the node being reported on.", "");
            if (Database is { } database)
            {
                sb.Append("# HELP clues_database_up Whether the database takes the daemon's writes (0 while writes wait for it).\n# TYPE clues_database_up gauge\n");
                sb.Append(CultureInfo.InvariantCulture, $"clues_database_up {(database.IsAvailable ? 1 : 0)}\n");
                sb.Append("# HELP clues_database_errors_total Failed database operations (each failed write or retry).\n# TYPE clues_database_errors_total counter\n");
                sb.Append(CultureInfo.InvariantCulture, $"clues_database_errors_total {database.Errors}\n");
                sb.Append("# HELP clues_database_pending_writes Writes kept in memory until the database is back.\n# TYPE clues_database_pending_writes gauge\n");
                sb.Append(CultureInfo.InvariantCulture, $"clues_database_pending_writes {database.PendingWrites}\n");
                sb.Append("# HELP clues_database_dropped_writes_total host_monitoring rows given up while too many writes waited.\n# TYPE clues_database_dropped_writes_total counter\n");
                sb.Append(CultureInfo.InvariantCulture, $"clues_database_dropped_writes_total {database.DroppedWrites}\n");
                sb.Append("# HELP clues_database_spooled_writes_reapplied_total Writes an earlier run saved to DB_PENDING_WRITES_FILE at stop, re-applied at this start.\n# TYPE clues_database_spooled_writes_reapplied_total counter\n");
                sb.Append(CultureInfo.InvariantCulture, $"clues_database_spooled_writes_reapplied_total {database.SpooledWritesReapplied}\n");
            }
            var first = true;
            foreach (var (step, summary) in _steps.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                summary.Write(sb, "clues_loop_step_seconds", first ? "Duration of the control loop's steps." : null, $"step=\"{step}\"");
                first = false;
            }
        }
    }

    private void Increment(Dictionary<string, long> counts, string key)
    {
        lock (_lock)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    private void Observe(Summary summary, double seconds)
    {
        lock (_lock)
        {
            summary.Add(seconds);
        }
    }

    private sealed class Summary
    {
        private long _count;
        private double _sum;
        private double _max;

        public void Add(double seconds)
        {
            _count++;
            _sum += seconds;
            _max = Math.Max(_max, seconds);
        }

        public void Write(StringBuilder sb, string name, string? help, string labels)
        {
            if (help is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} summary\n");
            }
            var braces = labels.Length == 0 ? "" : "{" + labels + "}";
            sb.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {_count}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {_sum:R}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{name}_max{braces} {_max:R}\n");
        }
    }
}
