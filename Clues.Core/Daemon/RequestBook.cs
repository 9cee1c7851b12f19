using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// The daemon's book of requests (spec §1.3, §1.7; loop thread only): the queue with each request's state, attempts
/// and timestamps, the ids handed out, the row of CLUES' requests table written when a request is created and when it
/// leaves the queue, the live queue saved for a restart and read back after one, and the wait of each served request
/// counted once. The schedulers change the requests' states in the queue itself.
/// </summary>
internal sealed partial class RequestBook
{
    private readonly RequestQueue _requests = new();
    private readonly HashSet<long> _servedRecorded = [];
    private readonly DaemonStateStore _state;
    private readonly ICluesStore _store;
    private readonly BookingSystem _bookings;
    private readonly HookRunner _hooks;
    private readonly DaemonMetrics _metrics;
    private readonly MonitoringOptions _monitoring;
    private readonly ILogger _logger;
    private long _nextRequestId;

    /// <summary>Creates an empty book whose ids continue after the highest one stored.</summary>
    /// <param name="state">The daemon's resume state (and, through it, the store).</param>
    /// <param name="bookings">The bookings, saved and restored with their requests.</param>
    /// <param name="hooks">Fires the REQUEST hook.</param>
    /// <param name="metrics">Counts how long requests wait to be served.</param>
    /// <param name="monitoring">COOLDOWN_SERVED_REQUESTS.</param>
    /// <param name="logger">The daemon's logger (the messages are the daemon's).</param>
    public RequestBook(DaemonStateStore state, BookingSystem bookings, HookRunner hooks, DaemonMetrics metrics, MonitoringOptions monitoring, ILogger logger)
    {
        _state = state;
        _store = state.Store;
        _bookings = bookings;
        _hooks = hooks;
        _metrics = metrics;
        _monitoring = monitoring;
        _logger = logger;
        // FIX (spec §14 Q14): ids continue after the highest one stored, so they stay unique across restarts.
        _nextRequestId = _store.MaxRequestId() + 1;
    }

    /// <summary>The request queue, in arrival order.</summary>
    public RequestQueue Queue => _requests;

    /// <summary>A request with the next id, not queued (job monitoring's mirrors and the schedulers' own requests).</summary>
    public Request New(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, double now) =>
        new(_nextRequestId++, resources, now, jobId, jobNodes);

    /// <summary>Queues a new request (the API and the simulator): fires the REQUEST hook, stores its row and saves it for a restart.</summary>
    public Request Create(Resources resources, string? jobId, IReadOnlyList<string> jobNodes, double now)
    {
        var request = New(resources, jobId, jobNodes, now);
        _hooks.Fire("REQUEST", request.Id.ToString(CultureInfo.InvariantCulture),
            Num(resources.Slots), Num(resources.Memory), resources.TaskCount.ToString(CultureInfo.InvariantCulture),
            resources.MaxTasksPerNode.ToString(CultureInfo.InvariantCulture), string.Join(';', resources.Expressions));
        _store.StoreRequest(request);
        _requests.Append(request);
        _state.SaveNewRequest(request);
        Log.NewRequest(_logger, request.Id, resources.TaskCount, resources.Slots, resources.Memory);
        return request;
    }

    /// <summary>False if the request is gone or in a final state (CLUES' <c>request_in_queue</c>).</summary>
    public bool IsQueued(long id) => _requests.Find(id) is { } r && !r.State.IsFinal();

    /// <summary>Stores the row of a request a scheduler created, if it was queued.</summary>
    public void StoreIfQueued(Request request)
    {
        if (_requests.Find(request.Id) is not null)
        {
            _store.StoreRequest(request);
        }
    }

    /// <summary>
    /// Puts back the live queue the previous run saved, with its bookings (spec §8 FIX); requests already queued are
    /// left as they are, and new ids continue after the restored ones.
    /// </summary>
    public void Resume()
    {
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
    }

    /// <summary>Counts the wait of every request served since the last call, each once.</summary>
    public void RecordServed(double now)
    {
        foreach (var request in _requests)
        {
            if (request.State == RequestState.Served && _servedRecorded.Add(request.Id))
            {
                _metrics.RequestServed(now - request.TimestampCreated);
            }
        }
    }

    /// <summary>Drops the requests in a final state for longer than COOLDOWN_SERVED_REQUESTS, updating their rows.</summary>
    public void PurgeFinished(double now)
    {
        List<Request>? purge = null;
        foreach (var request in _requests)
        {
            if (request.State.IsFinal() && now - request.TimestampState > _monitoring.CooldownServedRequests)
            {
                (purge ??= []).Add(request);
            }
        }
        if (purge is null)
        {
            return;
        }
        foreach (var request in purge)
        {
            _store.UpdateRequest(request);
            _requests.Remove(request.Id);
            _servedRecorded.Remove(request.Id);
        }
    }

    /// <summary>Saves for a restart what changed in the live queue and its bookings.</summary>
    public void Save() => _state.SaveQueue(_requests, _bookings);

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "new request {Request}: {Tasks} task(s) of {Slots} slots and {Memory} memory")]
        public static partial void NewRequest(ILogger logger, long request, int tasks, double slots, double memory);
    }
}
