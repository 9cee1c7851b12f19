using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling;

/// <summary>
/// Capacity reserved for requests between passes (CLUES' <c>BookingSystem</c>, spec §4.2 step A): nodes powering on
/// for an ATTENDED request, and nodes a SERVED request was released to until the LRMS shows its job there.
/// One per daemon.
/// </summary>
public sealed partial class BookingSystem(MonitoringOptions monitoring, ILogger<BookingSystem> logger)
{
    private readonly Dictionary<long, Booking> _bookings = [];

    /// <summary>The current bookings.</summary>
    public IReadOnlyCollection<Booking> Bookings => _bookings.Values;

    /// <summary>The booking of a request, if any.</summary>
    public Booking? Find(long requestId) => _bookings.GetValueOrDefault(requestId);

    /// <summary>Records (or replaces) the placement of a request.</summary>
    /// <remarks>
    /// The same placement booked again keeps its booking, with the time it was first made: a request that waits
    /// is placed again on every pass, and a new booking each time made its saved queue row change on every pass.
    /// </remarks>
    public void Book(long requestId, IReadOnlyList<string> nodes, double now)
    {
        if (_bookings.TryGetValue(requestId, out var held) && held.Nodes.SequenceEqual(nodes, StringComparer.Ordinal))
        {
            return;
        }
        _bookings[requestId] = new Booking(requestId, nodes, now);
    }

    /// <summary>Drops the placement of a request (its power-ons were withheld: it waits again).</summary>
    public void Release(long requestId) => _bookings.Remove(requestId);

    /// <summary>
    /// The bookings that still hold capacity at <paramref name="now"/>: their request is ATTENDED, or was SERVED less
    /// than COOLDOWN_SERVED_REQUESTS ago (what the daemon's power-off veto, and its explanation, count).
    /// </summary>
    public IEnumerable<Booking> HoldingCapacity(RequestQueue requests, double now)
    {
        foreach (var booking in _bookings.Values)
        {
            if (requests.Find(booking.RequestId) is { } request
                && (request.State == RequestState.Attended
                    || request.State == RequestState.Served && now - request.TimestampState < monitoring.CooldownServedRequests))
            {
                yield return booking;
            }
        }
    }

    /// <summary>
    /// Step A of PowOn_Requests: drops bookings of requests that left the queue, marks requests whose job the LRMS
    /// runs as SERVED, re-evaluates ATTENDED requests whose nodes settled, and reserves the rest on the node copy.
    /// </summary>
    public void MakeBooks(SchedulingContext context)
    {
        var requests = context.Requests;
        var info = context.Monitoring;
        var toRemove = new List<long>();
        foreach (var id in _bookings.Keys)
        {
            if (requests.Find(id) is null)
            {
                toRemove.Add(id);
            }
        }
        Purge(toRemove);

        if (info.Jobs is not null)
        {
            // The job looked up per booking, not a set of every running job per pass (that grew with the LRMS queue).
            foreach (var id in _bookings.Keys)
            {
                var request = requests.Find(id);
                if (request?.JobId is { } jobId && info.Jobs.Find(jobId)?.State == RequestState.Attended
                    && request.State is RequestState.Attended or RequestState.Served
                    && request.TimestampState < info.JobsTimestamp)
                {
                    Log.AttendedByLrms(logger, id, jobId);
                    toRemove.Add(id);
                    request.SetState(RequestState.Served, context.Now);
                }
            }
            Purge(toRemove);
        }

        foreach (var booking in _bookings.Values)
        {
            var request = requests.Find(booking.RequestId);
            if (request is null)
            {
                continue;
            }
            if (request.State == RequestState.Attended)
            {
                var stillWaiting = booking.Nodes.Any(n => info.Nodes.Find(n)?.State is NodeState.PowOff or NodeState.PowOn or NodeState.OnErr);
                if (stillWaiting || request.TimestampState > info.NodesTimestamp)
                {
                    Reserve(info.Nodes, booking, request.Resources);
                }
                else
                {
                    Log.NodesSettled(logger, request.Id);
                    toRemove.Add(booking.RequestId);
                    request.SetState(RequestState.Pending, context.Now);
                }
            }
            else if (request.State == RequestState.Served)
            {
                if (info.NodesTimestamp - request.TimestampState < monitoring.CooldownServedRequests)
                {
                    Reserve(info.Nodes, booking, request.Resources);
                }
                else
                {
                    toRemove.Add(booking.RequestId);
                }
            }
        }
        Purge(toRemove);
    }

    private void Reserve(NodeList nodes, Booking booking, Resources resources)
    {
        foreach (var name in booking.Nodes)
        {
            // FIX (spec §4.2 quirk): CLUES raises when a booked node vanished from the report; skip it instead.
            nodes.Find(name)?.Allocate(resources);
        }
    }

    private void Purge(List<long> ids)
    {
        foreach (var id in ids)
        {
            _bookings.Remove(id);
        }
        ids.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "request {Request} has already been attended by the LRMS (job {Job})")]
        public static partial void AttendedByLrms(ILogger logger, long request, string job);

        [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "request {Request}: the nodes it waited for settled; reconsidering it")]
        public static partial void NodesSettled(ILogger logger, long request);
    }
}
