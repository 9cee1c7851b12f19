using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Scheduling;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>The scheduling pass (spec §1.7): purge finished requests, run the chain, then power off, then power on.</summary>
    internal ValueTask ScheduleAsync(CancellationToken cancellationToken)
    {
        var now = _loop.Now;
        PurgeFinishedRequests(now);
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
        RecordServed(now);
        _state.SaveQueue(_requests, _bookings);
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
                _ = PowerOffAsync(name, force: false, cancellationToken);
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
                _ = PowerOnAsync(name, force: false, cancellationToken, _power.DryRun ? RequestIds(context.CandidatesOn.RequestsFor(name)) : null);
            }
        }
        _power.EndPass();
        return ValueTask.CompletedTask;
    }

    private static List<long> RequestIds(IReadOnlyList<Request> requests) => requests.Select(r => r.Id).ToList();

    private void RecordServed(double now)
    {
        foreach (var request in _requests)
        {
            if (request.State == RequestState.Served && _servedRecorded.Add(request.Id))
            {
                Metrics.RequestServed(now - request.TimestampCreated);
            }
        }
    }

    /// <summary>Runs the scheduler chain on a private copy of the nodes; stores requests the chain creates.</summary>
    internal SchedulingContext RunChain(double now)
    {
        var created = new List<Request>();
        var monitoring = new MonitoringInfo(_nodeMonitor.List.NextPassCopy(), _nodeMonitor.Timestamp, _jobMonitor.Jobs, _jobMonitor.Timestamp);
        var context = new SchedulingContext(now, _requests, monitoring, _matcher, (resources, jobId, nodes) =>
        {
            var request = NewRequest(resources, jobId, nodes);
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
                if (_requests.Find(request.Id) is not null)
                {
                    _store.StoreRequest(request);
                }
            }
            created.Clear();
        }
        return context;
    }

    private void PurgeFinishedRequests(double now)
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
}
