using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling.EnergyAware;

/// <summary>
/// Spare power-ons for a request that needs several nodes booted: when some power-ons fail (at the measured rate),
/// the request waits until the failed node reaches OFF_ERR and a replacement boots, while the nodes that did boot sit
/// booked and idle. A spare node booted with them lets the job start on the nodes that came up. The number of spares
/// is the one with the least expected cost in node-seconds: P(more failures than spares) x the request's nodes x the
/// time a failed boot holds them, plus each spare's power cycle and idle tail.
/// </summary>
/// <remarks>
/// Only while the LRMS holds no other queued job: a job queued behind others does not start when its nodes are up,
/// so a failed boot does not hold it, and a spare booted for it would only idle. A request is given spares once, the
/// first time it powers nodes on: a request whose booked nodes were taken by other jobs and that powers on again is
/// not given more (on KTH such repeats made spares cost more than they saved). Only enabled OFF nodes that can hold one of the request's tasks are chosen. A spare that nobody uses goes off
/// again after its break-even time like any idle node; one that another request can use is the pool PowOn_Requests
/// packs later requests on (nodes powering on).
/// </remarks>
internal static class SparePowerOns
{
    /// <summary>
    /// The spare nodes worth booting for a request that powers on <paramref name="booting"/> nodes and holds
    /// <paramref name="nodes"/> nodes in all, with power-ons failing at <paramref name="failureRate"/>, a failed boot
    /// holding the others <paramref name="stallSeconds"/>, and a spare costing <paramref name="spareCost"/> node-seconds.
    /// </summary>
    public static int Count(int booting, int nodes, double failureRate, double stallSeconds, double spareCost)
    {
        if (booting <= 0 || failureRate is <= 0 or >= 1 || stallSeconds <= 0)
        {
            return 0;
        }
        // The whole expected cost for each count (one spare alone may change little where several together do).
        var best = 0;
        var bestCost = MoreFailuresThan(0, booting, failureRate) * nodes * stallSeconds;
        for (var spares = 1; spares <= booting; spares++)
        {
            var cost = MoreFailuresThan(spares, booting + spares, failureRate) * nodes * stallSeconds + spares * spareCost;
            if (cost < bestCost)
            {
                (best, bestCost) = (spares, cost);
            }
        }
        return best;
    }

    /// <summary>Adds spare nodes for the requests PowOn_Requests chose nodes for in this pass.</summary>
    /// <returns>The spares added, with their request.</returns>
    /// <param name="context">The pass, after PowOn_Requests.</param>
    /// <param name="failureRate">The share of power-ons seen to fail.</param>
    /// <param name="stallSeconds">The seconds a failed power-on holds its request.</param>
    /// <param name="spareCost">The node-seconds a spare costs.</param>
    /// <param name="maxBooting">MAX_BOOTING_NODES (0 = no cap).</param>
    /// <param name="considered">The requests already considered for spares; this adds the ones it considers.</param>
    public static IReadOnlyList<(string Node, Request Request)> Add(SchedulingContext context, double failureRate, double stallSeconds,
        double spareCost, int maxBooting, ISet<long> considered)
    {
        var chosen = context.CandidatesOn;
        if (chosen.Count == 0 || failureRate is <= 0 or >= 1)
        {
            return [];
        }
        // The nodes each request is powering on in this pass, in decision order.
        var booting = new Dictionary<Request, int>();
        var order = new List<Request>();
        foreach (var name in chosen.Names)
        {
            foreach (var request in chosen.RequestsFor(name))
            {
                if (booting.TryAdd(request, 0))
                {
                    order.Add(request);
                }
                booting[request]++;
            }
        }
        var nodes = context.Monitoring.Nodes;
        var bootingNow = 0;
        foreach (var node in nodes)
        {
            if (node.State == NodeState.PowOn)
            {
                bootingNow++;
            }
        }
        bootingNow += chosen.Count;
        var added = new List<(string, Request)>();
        foreach (var request in order)
        {
            if (!considered.Add(request.Id) || QueuedBehindOthers(context.Monitoring.Jobs, request))
            {
                continue;
            }
            var resources = request.Resources;
            var wanted = Count(booting[request], Math.Max(1, resources.TaskCount), failureRate, stallSeconds, spareCost);
            for (var i = 0; i < nodes.Count && wanted > 0; i++)
            {
                var node = nodes[i];
                if (maxBooting > 0 && bootingNow >= maxBooting)
                {
                    return added;
                }
                if (node.Enabled && node.State == NodeState.Off && !chosen.Contains(node.Name) && context.Matcher.Meets(node, resources))
                {
                    chosen.GetOrAdd(node.Name).Add(request);
                    added.Add((node.Name, request));
                    bootingNow++;
                    wanted--;
                }
            }
        }
        return added;
    }

    private static bool QueuedBehindOthers(JobList? jobs, Request request)
    {
        if (jobs is null)
        {
            return false;
        }
        foreach (var job in jobs)
        {
            if (job.State == RequestState.Pending && job.JobId != request.JobId)
            {
                return true;
            }
        }
        return false;
    }

    // P(X > k) for X ~ Binomial(n, p).
    private static double MoreFailuresThan(int k, int n, double p)
    {
        double atMost = 0;
        var term = Math.Pow(1 - p, n); // P(X = 0)
        for (var i = 0; i <= k && i <= n; i++)
        {
            atMost += term;
            term *= (double)(n - i) / (i + 1) * p / (1 - p);
        }
        return Math.Max(0, 1 - atMost);
    }
}
