using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// The scheduling pass (spec §1.7), on the loop: purge the finished requests, run the scheduler chain on a copy of
/// the nodes, save the queue, drop the power-offs that would undo what the pass chose, then power off, then power on.
/// </summary>
internal sealed partial class SchedulingPass
{
    private readonly EventLoop _loop;
    private readonly IReadOnlyList<IScheduler> _schedulers;
    private readonly BookingSystem _bookings;
    private readonly IResourceMatcher _matcher;
    private readonly RequestBook _book;
    private readonly RequestQueue _requests;
    private readonly NodeMonitor _nodeMonitor;
    private readonly JobMonitor _jobMonitor;
    private readonly PowerActuator _power;
    private readonly GeneralOptions _general;
    private readonly SchedulingOptions _scheduling;
    private readonly ILogger _logger;
    private double _markTimestamp;

    /// <summary>
    /// A pass over the chain's schedulers, the book's requests and the monitors' nodes and jobs; its power actions go
    /// to <paramref name="power"/>, its messages to the daemon's <paramref name="logger"/>.
    /// </summary>
    public SchedulingPass(EventLoop loop, SchedulerChain chain, RequestBook book, NodeMonitor nodeMonitor, JobMonitor jobMonitor,
        PowerActuator power, GeneralOptions general, SchedulingOptions scheduling, ILogger logger)
    {
        _loop = loop;
        _schedulers = chain.Schedulers;
        _bookings = chain.Bookings;
        _matcher = chain.Matcher;
        _book = book;
        _requests = book.Queue;
        _nodeMonitor = nodeMonitor;
        _jobMonitor = jobMonitor;
        _power = power;
        _general = general;
        _scheduling = scheduling;
        _logger = logger;
        _markTimestamp = loop.Now;
    }

    /// <summary>The scheduling pass (spec §1.7): purge finished requests, run the chain, then power off, then power on.</summary>
    internal ValueTask ScheduleAsync(CancellationToken cancellationToken)
    {
        var now = _loop.Now;
        _book.PurgeFinished(now);
        if (now - _markTimestamp > _general.LoggerMark)
        {
            _markTimestamp = now;
            Log.Mark(_logger, now);
        }
        if (!_nodeMonitor.HasReport && _jobMonitor.Jobs is null)
        {
            return ValueTask.CompletedTask;
        }

        var context = RunChain(now);
        _book.RecordServed(now);
        _book.Save();
        // CLUES23_DECISIONS: CLUES' decisions as they were, power-offs of nodes chosen in this pass included.
        var off = _scheduling.Clues23Decisions ? [.. context.CandidatesOff] : VetoPowerOffs(context);
        if (off.Count > 0)
        {
            // A dry run logs each decision itself, once while it repeats.
            if (!_power.DryRun)
            {
                Log.PoweringOff(_logger, string.Join(",", off));
            }
            foreach (var name in off)
            {
                _ = _power.Start(PowerAction.Off, name, force: false, null, cancellationToken);
            }
        }
        if (context.CandidatesOn.Count > 0)
        {
            if (!_power.DryRun)
            {
                Log.PoweringOn(_logger, string.Join(",", context.CandidatesOn.Names));
            }
            foreach (var name in context.CandidatesOn.Names)
            {
                _ = _power.Start(PowerAction.On, name, force: false, _power.DryRun ? RequestIds(context.CandidatesOn.RequestsFor(name)) : null, cancellationToken);
            }
        }
        _power.EndPass();
        return ValueTask.CompletedTask;
    }

    private static List<long> RequestIds(IReadOnlyList<Request> requests) => requests.Select(r => r.Id).ToList();

    /// <summary>Runs the scheduler chain on a private copy of the nodes; stores requests the chain creates.</summary>
    internal SchedulingContext RunChain(double now)
    {
        var created = new List<Request>();
        var monitoring = new MonitoringInfo(_nodeMonitor.List.NextPassCopy(), _nodeMonitor.Timestamp, _jobMonitor.Jobs, _jobMonitor.Timestamp);
        var context = new SchedulingContext(now, _requests, monitoring, _matcher, (resources, jobId, nodes) =>
        {
            var request = _book.New(resources, jobId, nodes, _loop.Now);
            created.Add(request);
            return request;
        });
        foreach (var scheduler in _schedulers)
        {
            try
            {
                scheduler.Schedule(context);
            }
            catch (Exception ex)
            {
                Log.SchedulerFailed(_logger, ex, scheduler.Name);
            }
            foreach (var request in created)
            {
                _book.StoreIfQueued(request);
            }
            created.Clear();
        }
        return context;
    }

    /// <summary>
    /// FIX (spec §14 Q9): CLUES could power off a node chosen in the same pass to serve a request, or power-cycle a
    /// node that is in both lists. Off-candidates that are also on-candidates, or that hold capacity booked for a
    /// live request, are dropped, with the reason logged.
    /// </summary>
    private List<string> VetoPowerOffs(SchedulingContext context)
    {
        if (context.CandidatesOff.Count == 0)
        {
            return [];
        }
        var booked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var booking in _bookings.HoldingCapacity(_requests, context.Now))
        {
            booked.UnionWith(booking.Nodes);
        }
        var result = new List<string>();
        foreach (var name in context.CandidatesOff)
        {
            if (context.CandidatesOn.Contains(name))
            {
                Log.OffVetoed(_logger, name, "it is also chosen to be powered on in this pass");
            }
            else if (booked.Contains(name))
            {
                Log.OffVetoed(_logger, name, "capacity on it is booked for a request");
            }
            else
            {
                result.Add(name);
            }
        }
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 608, Level = LogLevel.Information, Message = "nodes {Nodes} are to be powered off")]
        public static partial void PoweringOff(ILogger logger, string nodes);

        [LoggerMessage(EventId = 609, Level = LogLevel.Information, Message = "nodes {Nodes} are to be powered on")]
        public static partial void PoweringOn(ILogger logger, string nodes);

        [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "not powering off {Node}: {Reason}")]
        public static partial void OffVetoed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 611, Level = LogLevel.Error, Message = "scheduler {Scheduler} failed; the rest of the chain still runs")]
        public static partial void SchedulerFailed(ILogger logger, Exception exception, string scheduler);

        [LoggerMessage(EventId = 617, Level = LogLevel.Debug, Message = "--------- LOGGING MARK (everything continues) @ {Now:0.###}")]
        public static partial void Mark(ILogger logger, double now);
    }
}
