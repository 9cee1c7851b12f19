using Clues.Core.Config;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Plugins;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// The CLUES daemon (CLUES' <c>CluesDaemon</c>, spec §1): it owns the managed nodes, the LRMS jobs and the request
/// queue, and registers its periodic steps on the <see cref="EventLoop"/> in CLUES' order: job monitoring, node
/// monitoring, scheduling, plugin lifecycle, error recovery. Each step lives in its own partial file; the scheduling
/// pass is a <see cref="SchedulingPass"/>, the request queue a <see cref="RequestBook"/>.
/// </summary>
public sealed partial class CluesDaemon : ICluesSystem
{
    private readonly EventLoop _loop;
    private readonly Platform _platform;
    private readonly SchedulerChain _chain;
    private readonly CluesOptions _options;
    private Action<Node, NodeState, double>? _stateObserver;
    private readonly ILogger<CluesDaemon> _logger;
    private readonly SingleFlight _nodeReport = new("node report");
    private readonly SingleFlight _jobReport = new("job report");
    private readonly SingleFlight _lifecycle = new("lifecycle");
    private readonly DaemonStateStore _state;
    private readonly RequestBook _book;
    private readonly PowerActuator _power;
    private readonly DryRunDecisions? _dryRun;
    private readonly NodeQuarantine _quarantine;
    private readonly NodeMonitor _nodeMonitor;
    private readonly JobMonitor _jobMonitor;
    private readonly SchedulingPass _pass;
    private readonly ApiSnapshots _snapshots;

    /// <summary>Creates the daemon and reads the known hosts from the store.</summary>
    /// <param name="loop">The loop the daemon's steps run on.</param>
    /// <param name="platform">The LRMS and power manager, with the fence of power commands.</param>
    /// <param name="chain">The schedulers, their bookings and the matcher (<see cref="SchedulerChain.Build"/>).</param>
    /// <param name="store">Where CLUES' rows and the resume state go.</param>
    /// <param name="hooks">The <c>[hooks]</c> commands.</param>
    /// <param name="options">The <c>[general]</c>, <c>[monitoring]</c> and <c>[scheduling]</c> settings.</param>
    /// <param name="loggerFactory">The loggers of the daemon and its nodes.</param>
    public CluesDaemon(EventLoop loop, Platform platform, SchedulerChain chain, ICluesStore store, HookRunner hooks, CluesOptions options,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var (general, monitoring, scheduling) = (options.General, options.Monitoring, options.Scheduling);
        _loop = loop;
        _platform = platform;
        _chain = chain;
        _options = options;
        _logger = loggerFactory.CreateLogger<CluesDaemon>();
        _state = new DaemonStateStore(store);
        // Each turn of the loop commits the store's writes together (one commit per pass, not per row).
        loop.Writes = store as ITransactionalStore;
        Metrics.Database = store as IDatabaseHealth;
        var rules = new NodeRules(monitoring, hooks, loggerFactory.CreateLogger<Node>()) { StateChanged = OnNodeStateChanged };
        _nodeMonitor = new NodeMonitor(_state, rules, general, monitoring, _logger);
        _jobMonitor = new JobMonitor(monitoring, scheduling, FromJob, _logger);
        var retries = new PowerOnRetryPolicy(scheduling);
        _quarantine = new NodeQuarantine(retries, hooks, Metrics, _logger);
        _book = new RequestBook(_state, chain.Bookings, hooks, Metrics, monitoring, _logger);
        _dryRun = general.DryRun ? new DryRunDecisions(Metrics, _logger) : null;
        _snapshots = new ApiSnapshots(_nodeMonitor, _jobMonitor, _book.Queue, chain.Bookings,
            new Explain.DecisionExplainer(monitoring, scheduling, chain.Matcher, chain.Schedulers, _dryRun), retries, chain.Groups);
        _power = new PowerActuator(loop, platform, hooks, Metrics, _nodeMonitor.Find, _nodeMonitor.Record, _dryRun, _logger);
        _pass = new SchedulingPass(loop, chain, _book, _nodeMonitor, _jobMonitor, _power, general, scheduling, _logger);
        platform.Lrms.Attach(this);
        platform.PowerManager?.Attach(this);
    }

    /// <summary>The loop the daemon runs on.</summary>
    public EventLoop Loop => _loop;

    /// <summary>The request queue (loop thread only).</summary>
    internal RequestQueue Requests => _book.Queue;

    /// <summary>The managed nodes in LRMS order (loop thread only).</summary>
    internal IReadOnlyList<Node> Nodes => _nodeMonitor.Nodes;

    /// <summary>The booking system of PowOn_Requests.</summary>
    internal BookingSystem Bookings => _chain.Bookings;

    /// <summary>Power actions, request waits, power-on times and loop step durations, for <c>/metrics</c>.</summary>
    public DaemonMetrics Metrics { get; } = new();

    /// <summary>Observes every node state change (the simulator's summary); call before <see cref="Start"/>.</summary>
    internal void ObserveNodeStates(Action<Node, NodeState, double> observer) => _stateObserver = observer;

    private void OnNodeStateChanged(Node node, NodeState old, double now)
    {
        if (old == NodeState.PowOn && node.State.IsOn())
        {
            Metrics.NodeReady(now - node.PrevTimestampState);
        }
        _quarantine.OnStateChanged(node, old, now);
        _stateObserver?.Invoke(node, old, now);
    }

    /// <summary>
    /// Resumes from the store what the previous run left: the request queue with its bookings now, and the
    /// daemon-side state of every node (timers, failure counters, power actions in flight) at the first node
    /// monitoring, before the LRMS report is merged. Call once, before <see cref="Start"/>.
    /// </summary>
    /// <remarks>
    /// FIX (spec §8): CLUES forgot all of this on restart, so a node being powered on was seen as OFF again and the
    /// requests waiting for it were lost. The simulator does not resume (each run starts from its trace).
    /// </remarks>
    public void Resume()
    {
        var nodeStates = _state.LoadNodeStates();
        _book.Resume();
        Log.Resumed(_logger, nodeStates, _book.Queue.Count);
    }

    /// <summary>Registers the periodic steps, in CLUES' order (spec §1.4).</summary>
    /// <remarks>
    /// All steps start from one instant, so with equal periods each round runs monitoring, scheduling and recovery
    /// back to back in that order, as CLUES does. A plugin result that arrives later (a slow LRMS answer) is applied
    /// after the whole round: were the steps registered a few milliseconds apart (the first calls are JIT-compiled),
    /// an OFF_ERR node from a late report could be recovered to OFF before any scheduling pass saw it, and a
    /// request waiting for it would be sent back to the same node.
    /// </remarks>
    public void Start()
    {
        var since = _loop.Now;
        var (monitoring, scheduling) = (_options.Monitoring, _options.Scheduling);
        var nodesPeriod = monitoring.PeriodMonitoringNodes;
        var jobsPeriod = monitoring.PeriodMonitoringJobs;
        if (jobsPeriod > 0 && jobsPeriod == nodesPeriod)
        {
            _loop.AddPeriodic("monitor nodes and jobs", nodesPeriod, 0, async ct =>
            {
                await MonitorNodesAsync(ct).ConfigureAwait(false);
                await MonitorJobsAsync(ct).ConfigureAwait(false);
            }, since);
        }
        else
        {
            if (jobsPeriod > 0)
            {
                _loop.AddPeriodic("monitor jobs", jobsPeriod, 0, MonitorJobsAsync, since);
            }
            _loop.AddPeriodic("monitor nodes", nodesPeriod, 0, MonitorNodesAsync, since);
        }
        _loop.AddPeriodic("schedule", scheduling.PeriodSchedule, 0, RunSchedulingPassAsync, since);
        _loop.AddPeriodic("lifecycle", monitoring.PeriodLifecycle, 0, RunLifecycleAsync, since);
        _loop.AddPeriodic("recover nodes", scheduling.PeriodRecoveryNodes, 0, RecoverNodesAsync, since);
        if (_state.Store is IDatabaseHealth database)
        {
            // Writes kept while the database was away reach it even when nothing else is written.
            _loop.AddPeriodic("database catch-up", database.RetryInterval.TotalSeconds, 0, _ =>
            {
                database.TryCatchUp();
                return ValueTask.CompletedTask;
            }, since);
        }
    }

    /// <summary>The plugins' housekeeping; like every plugin call, it does not hold the loop when slow.</summary>
    private ValueTask RunLifecycleAsync(CancellationToken cancellationToken) =>
        Once(_lifecycle, () => _platform.LifecycleAsync(cancellationToken), static _ => { });

    private ValueTask Once<T>(SingleFlight call, Func<Task<T>> start, Action<T> apply)
    {
        if (!call.TryRun(_loop, start, apply, out var step))
        {
            Log.StillWaiting(_logger, call.Name);
        }
        return step;
    }

    /// <summary>
    /// A failed report (spec §1.5, §1.6): within the grace period the previous view is kept; past it the report
    /// counts as empty. KEEP (spec §14 Q25): the last success starts at -1, so in real time a first failure is never
    /// within grace.
    /// </summary>
    private bool WithinFailGrace(string what, double lastSuccess, double grace, string graceKey, double now)
    {
        var failingFor = now - lastSuccess;
        if (failingFor < grace)
        {
            Log.ReportInGrace(_logger, what, failingFor);
            return true;
        }
        if (lastSuccess < 0)
        {
            Log.ReportNeverReceived(_logger, what);
        }
        else
        {
            Log.ReportFailed(_logger, what, failingFor, graceKey);
        }
        return false;
    }

    /// <summary>A scheduling pass, remembering when it ran (the explanations need it).</summary>
    internal ValueTask RunSchedulingPassAsync(CancellationToken cancellationToken)
    {
        _snapshots.SchedulingPassAt(_loop.Now);
        return _pass.ScheduleAsync(cancellationToken);
    }

    /// <summary>Runs the scheduler chain alone, as a pass does (see <see cref="SchedulingPass.RunChain"/>).</summary>
    internal SchedulingContext RunChain(double now) => _pass.RunChain(now);

    /// <summary>Snapshots of every node, each with why it is not being powered off (loop thread only).</summary>
    internal IReadOnlyList<Api.NodeSnapshot> SnapshotNodes() => _snapshots.Nodes(_loop.Now);

    /// <summary>Snapshots of the queue, each with why it still waits (loop thread only).</summary>
    internal IReadOnlyList<Api.RequestSnapshot> SnapshotRequests() => _snapshots.Requests(_loop.Now);

    /// <inheritdoc />
    public IReadOnlyList<NodeView> GetNodes()
    {
        var now = _loop.Now;
        return Nodes.Select(n => new NodeView(n.Name, n.State, n.Enabled, now - n.TimestampState)).ToList();
    }

    /// <summary>Queues a request created on the loop thread (the API and the simulator); fires the REQUEST hook and stores it.</summary>
    internal Request CreateRequest(Resources resources, string? jobId, IReadOnlyList<string> jobNodes) =>
        _book.Create(resources, jobId, jobNodes, _loop.Now);

    /// <summary>False if the request is gone or in a final state (CLUES' <c>request_in_queue</c>).</summary>
    internal bool IsRequestInQueue(long id) => _book.IsQueued(id);

    private static partial class Log
    {
        [LoggerMessage(EventId = 601, Level = LogLevel.Debug, Message = "could not get the {What} for {Seconds:0.#} s, but it is within the grace period")]
        public static partial void ReportInGrace(ILogger logger, string what, double seconds);

        [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "could not get the {What} for {Seconds:0.#} s (past {GraceKey}): treating it as empty")]
        public static partial void ReportFailed(ILogger logger, string what, double seconds, string graceKey);

        [LoggerMessage(EventId = 619, Level = LogLevel.Warning, Message = "could not get the {What}, and none has come since the start: treating it as empty")]
        public static partial void ReportNeverReceived(ILogger logger, string what);

        [LoggerMessage(EventId = 616, Level = LogLevel.Information, Message = "recovering node {Node} from {State} (failures: {Failures})")]
        public static partial void Recovering(ILogger logger, string node, string state, int failures);

        [LoggerMessage(EventId = 618, Level = LogLevel.Warning, Message = "the previous {Call} has not come back yet; skipping this period")]
        public static partial void StillWaiting(ILogger logger, string call);

        [LoggerMessage(EventId = 620, Level = LogLevel.Information, Message = "resuming the previous run: {Nodes} node state(s) to restore, {Requests} request(s) back in the queue")]
        public static partial void Resumed(ILogger logger, int nodes, int requests);
    }
}
