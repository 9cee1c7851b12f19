using Clues.Core.Api;
using Clues.Core.Explain;
using Clues.Core.Groups;
using Clues.Core.Requests;
using Clues.Core.Scheduling;

namespace Clues.Core.Daemon;

/// <summary>
/// Builds what the API serves of the daemon's state (loop thread only): every node with why it is not being powered
/// off, and every queued request with its booking, the LRMS job it was made for and why it still waits.
/// </summary>
/// <param name="nodes">The managed nodes.</param>
/// <param name="jobs">The LRMS jobs, joined to the requests made for them.</param>
/// <param name="requests">The request queue.</param>
/// <param name="bookings">The bookings.</param>
/// <param name="explainer">Explains the decisions.</param>
/// <param name="retries">When a node's next power-on may be tried, and whether it is quarantined.</param>
/// <param name="groups">The node groups, for each node's group (null when none is configured).</param>
internal sealed class ApiSnapshots(NodeMonitor nodes, JobMonitor jobs, RequestQueue requests, BookingSystem bookings,
    DecisionExplainer explainer, PowerOnRetryPolicy? retries = null, NodeGroupGuard? groups = null)
{
    // The explanations count from the last scheduling pass (null before the first).
    private double? _lastSchedule;

    /// <summary>Notes that a scheduling pass runs now.</summary>
    public void SchedulingPassAt(double now) => _lastSchedule = now;

    /// <summary>Snapshots of every node, each with why it is not being powered off.</summary>
    public IReadOnlyList<NodeSnapshot> Nodes(double now)
    {
        var booked = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var booking in bookings.HoldingCapacity(requests, now))
        {
            foreach (var name in booking.Nodes.Distinct(StringComparer.Ordinal))
            {
                (booked.TryGetValue(name, out var ids) ? ids : booked[name] = []).Add(booking.RequestId);
            }
        }
        return nodes.Nodes.Select(n => Snapshots.Of(n, explainer.Explain(n, booked.GetValueOrDefault(n.Name) ?? [], now, _lastSchedule)?.ToString(), retries)
            with { Group = groups?.GroupOf(n.Name)?.Name }).ToList();
    }

    /// <summary>Snapshots of the queue, each with why it still waits.</summary>
    public IReadOnlyList<RequestSnapshot> Requests(double now)
    {
        var why = explainer.Explain(requests, nodes.Nodes, bookings, now, _lastSchedule);
        // Joined with the job each request was made for, so a request's final state is shown beside what became of its job.
        return requests.Select(r => Snapshots.Of(r, bookings.Find(r.Id), r.JobId is { } job ? jobs.Jobs?.Find(job) : null,
            why.GetValueOrDefault(r.Id)?.ToString())).ToList();
    }
}
