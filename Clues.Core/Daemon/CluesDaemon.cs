using Clues.Core.Config;
using Clues.Core.HighAvailability;
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
/// monitoring, scheduling, plugin lifecycle, error recovery. Each step lives in its own partial file.
/// </summary>
public sealed partial class CluesDaemon : ICluesSystem
{
    private readonly EventLoop _loop;
    private readonly Platform _platform;
    private readonly IReadOnlyList<IScheduler> _schedulers;
    private readonly BookingSystem _bookings;
    private readonly IResourceMatcher _matcher;
    private readonly ICluesStore _store;
    private readonly HookRunner _hooks;
    private readonly GeneralOptions _general;
    private readonly MonitoringOptions _monitoring;
    private readonly SchedulingOptions _scheduling;
    private Action<Node, NodeState, double>? _stateObserver;
    private readonly ILogger<CluesDaemon> _logger;
    private readonly RequestQueue _requests = new();
    private readonly HashSet<long> _servedRecorded = [];
    private readonly SingleFlight _nodeReport = new("node report");
    private readonly SingleFlight _jobReport = new("job report");
    private readonly SingleFlight _lifecycle = new("lifecycle");
    private double _markTimestamp;
    private long _nextRequestId;
    private readonly DaemonStateStore _state;
    private readonly PowerActuator _power;
    private readonly NodeQuarantine _quarantine;
    private readonly PowerOnRetryPolicy _retries;
    private readonly NodeMonitor _nodeMonitor;
    private readonly JobMonitor _jobMonitor;
    private readonly ApiSnapshots _snapshots;

    /// <summary>Creates the daemon and reads the known hosts from the store.</summary>
    public CluesDaemon(EventLoop loop, Platform platform, IReadOnlyList<IScheduler> schedulers, BookingSystem bookings,
        IResourceMatcher matcher, ICluesStore store, HookRunner hooks, GeneralOptions general, MonitoringOptions monitoring,
        SchedulingOptions scheduling, ILogger<CluesDaemon> logger, ILogger<Node> nodeLogger, IActingFence? fence = null)
    {
        _loop = loop;
        _platform = platform;
        _schedulers = schedulers;
        _bookings = bookings;
        _matcher = matcher;
        _store = store;
        _state = new DaemonStateStore(store);
        // Each turn of the loop commits the store's writes together (one commit per pass, not per row).
        loop.Writes = store as ITransactionalStore;
        Metrics.Database = store as IDatabaseHealth;
        _hooks = hooks;
        _general = general;
        _monitoring = monitoring;
        _scheduling = scheduling;
        _logger = logger;
        var rules = new NodeRules(monitoring, hooks, nodeLogger) { StateChanged = OnNodeStateChanged };
        _nodeMonitor = new NodeMonitor(_state, rules, general, monitoring, logger);
        _jobMonitor = new JobMonitor(monitoring, scheduling, FromJob, logger);
        _retries = new PowerOnRetryPolicy(scheduling);
        _quarantine = new NodeQuarantine(_retries, hooks, Metrics, logger);
        _snapshots = new ApiSnapshots(_nodeMonitor, _jobMonitor, _requests, bookings,
            new Explain.DecisionExplainer(monitoring, scheduling, matcher, schedulers), _retries);
        _power = new PowerActuator(loop, platform, hooks, Metrics, _nodeMonitor.Find, _nodeMonitor.Record, general.DryRun, logger)
        {
            Fence = fence ?? AlwaysActing.Instance,
        };
        _markTimestamp = loop.Now;
        // FIX (spec §14 Q14): ids continue after the highest one stored, so they stay unique across restarts.
        _nextRequestId = store.MaxRequestId() + 1;
        platform.Lrms.Attach(this);
        platform.PowerManager?.Attach(this);
    }

    /// <summary>The loop the daemon runs on.</summary>
    public EventLoop Loop => _loop;

    /// <summary>The request queue (loop thread only).</summary>
    internal RequestQueue Requests => _requests;

    /// <summary>The managed nodes in LRMS order (loop thread only).</summary>
    internal IReadOnlyList<Node> Nodes => _nodeMonitor.Nodes;

    /// <summary>The booking system of PowOn_Requests.</summary>
    internal BookingSystem Bookings => _bookings;

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
        foreach (var saved in _store.LoadQueue())
        {
            if (_requests.Find(saved.Id) is not null)
            {
                continue;
            }
            var request = new Request(saved.Id, saved.Resources, saved.TimestampCreated, saved.JobId, saved.JobNodeIds)
            {
                State = saved.State,
                TimestampState = saved.TimestampState,
                TimestampAttended = saved.TimestampAttended,
                AttendedRetries = saved.AttendedRetries,
            };
            _requests.Append(request);
            if (saved.BookedNodes.Count > 0)
            {
                _bookings.Book(saved.Id, saved.BookedNodes, saved.BookedAt);
            }
            _state.RestoredRequest(request, _bookings.Find(saved.Id));
            _nextRequestId = Math.Max(_nextRequestId, saved.Id + 1);
        }
        Log.Resumed(_logger, nodeStates, _requests.Count);
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
        var nodesPeriod = _monitoring.PeriodMonitoringNodes;
        var jobsPeriod = _monitoring.PeriodMonitoringJobs;
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
        _loop.AddPeriodic("schedule", _scheduling.PeriodSchedule, 0, RunSchedulingPassAsync, since);
        _loop.AddPeriodic("lifecycle", _monitoring.PeriodLifecycle, 0, RunLifecycleAsync, since);
        _loop.AddPeriodic("recover nodes", _scheduling.PeriodRecoveryNodes, 0, RecoverNodesAsync, since);
        if (_store is IDatabaseHealth database)
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
        return ScheduleAsync(cancellationToken);
    }

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
    internal Request CreateRequest(Resources resources, string? jobId, IReadOnlyList<string> jobNodes)
    {
        var request = NewRequest(resources, jobId, jobNodes);
        _hooks.Fire("REQUEST", request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Num(resources.Slots), Num(resources.Memory), resources.TaskCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            resources.MaxTasksPerNode.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(';', resources.Expressions));
        _store.StoreRequest(request);
        _requests.Append(request);
        _state.SaveNewRequest(request);
        Log.NewRequest(_logger, request.Id, resources.TaskCount, resources.Slots, resources.Memory);
        return request;
    }

    /// <summary>False if the request is gone or in a final state (CLUES' <c>request_in_queue</c>).</summary>
    internal bool IsRequestInQueue(long id) => _requests.Find(id) is { } r && !r.State.IsFinal();

    private Request NewRequest(Resources resources, string? jobId, IReadOnlyList<string> jobNodes) =>
        new(_nextRequestId++, resources, _loop.Now, jobId, jobNodes);

    private static string Num(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "new request {Request}: {Tasks} task(s) of {Slots} slots and {Memory} memory")]
        public static partial void NewRequest(ILogger logger, long request, int tasks, double slots, double memory);

        [LoggerMessage(EventId = 601, Level = LogLevel.Debug, Message = "could not get the {What} for {Seconds:0.#} s, but it is within the grace period")]
        public static partial void ReportInGrace(ILogger logger, string what, double seconds);

        [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "could not get the {What} for {Seconds:0.#} s (past {GraceKey}): treating it as empty")]
        public static partial void ReportFailed(ILogger logger, string what, double seconds, string graceKey);

        [LoggerMessage(EventId = 619, Level = LogLevel.Warning, Message = "could not get the {What}, and none has come since the start: treating it as empty")]
        public static partial void ReportNeverReceived(ILogger logger, string what);

        [LoggerMessage(EventId = 608, Level = LogLevel.Information, Message = "nodes {Nodes} are to be powered off")]
        public static partial void PoweringOff(ILogger logger, string nodes);

        [LoggerMessage(EventId = 609, Level = LogLevel.Information, Message = "nodes {Nodes} are to be powered on")]
        public static partial void PoweringOn(ILogger logger, string nodes);

        [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "not powering off {Node}: {Reason}")]
        public static partial void OffVetoed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 611, Level = LogLevel.Error, Message = "scheduler {Scheduler} failed; the rest of the chain still runs")]
        public static partial void SchedulerFailed(ILogger logger, Exception exception, string scheduler);

        [LoggerMessage(EventId = 616, Level = LogLevel.Information, Message = "recovering node {Node} from {State} (failures: {Failures})")]
        public static partial void Recovering(ILogger logger, string node, string state, int failures);

        [LoggerMessage(EventId = 618, Level = LogLevel.Warning, Message = "the previous {Call} has not come back yet; skipping this period")]
        public static partial void StillWaiting(ILogger logger, string call);

        [LoggerMessage(EventId = 617, Level = LogLevel.Debug, Message = "--------- LOGGING MARK (everything continues) @ {Now:0.###}")]
        public static partial void Mark(ILogger logger, double now);

        [LoggerMessage(EventId = 620, Level = LogLevel.Information, Message = "resuming the previous run: {Nodes} node state(s) to restore, {Requests} request(s) back in the queue")]
        public static partial void Resumed(ILogger logger, int nodes, int requests);
    }
}
