namespace Clues.Core.Simulation;

/// <summary>
/// The figures that compare power-management configurations on one trace: energy against keeping every node on and
/// against the least the work needs, how often nodes are switched on, and what the wait for CLUES costs the jobs.
/// </summary>
/// <param name="Label">The configuration's name (its file, or "defaults").</param>
/// <param name="SimulatedDays">Simulated time, in days.</param>
/// <param name="NodeHoursOn">Node-hours with the node not off.</param>
/// <param name="NodeHoursAlwaysOn">Node-hours had every node been kept on.</param>
/// <param name="NodeHoursLowerBound">
/// Node-hours the work needs at least: the jobs' core-seconds over the cores of a node (the mean node, on a mixed
/// cluster), as if nodes were on exactly while computing.
/// </param>
/// <param name="PowerOnsPerNodePerDay">Power-ons, per node and simulated day.</param>
/// <param name="Requests">Requests made by the trace's jobs.</param>
/// <param name="RequestsReleased">Requests that reached a final state (their wait is known).</param>
/// <param name="Wait">Seconds from request to release, over the released requests; null when none was.</param>
/// <param name="JobsSubmitted">Jobs submitted.</param>
/// <param name="JobsQueuedAtEnd">Jobs that never started before the run ended.</param>
public sealed record SimulationReport(string Label, double SimulatedDays, double NodeHoursOn, double NodeHoursAlwaysOn,
    double NodeHoursLowerBound, double PowerOnsPerNodePerDay, int Requests, int RequestsReleased, WaitStatistics? Wait,
    int JobsSubmitted, int JobsQueuedAtEnd)
{
    /// <summary>Node-hours on as a fraction of always-on (1 = no saving).</summary>
    public double OfAlwaysOn => NodeHoursAlwaysOn > 0 ? NodeHoursOn / NodeHoursAlwaysOn : 0;

    /// <summary>Node-hours on as a multiple of the lower bound (1 = nothing wasted).</summary>
    public double OfLowerBound => NodeHoursLowerBound > 0 ? NodeHoursOn / NodeHoursLowerBound : 0;

    /// <summary>The report of one run.</summary>
    public static SimulationReport Of(string label, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var nodes = result.Nodes.Count;
        var days = result.SimulatedSeconds / 86_400;
        var coresPerNode = nodes > 0 ? result.ClusterCores / nodes : 0;
        var waits = result.Requests.Where(r => r.Wait is not null).Select(r => r.Wait!.Value).ToList();
        return new SimulationReport(
            label,
            days,
            result.NodeHoursOn,
            result.NodeHoursAlwaysOn,
            coresPerNode > 0 ? result.WorkCoreSeconds / coresPerNode / 3600 : 0,
            nodes > 0 && days > 0 ? result.Nodes.Sum(n => n.PowerOns) / (double)nodes / days : 0,
            result.Requests.Count,
            waits.Count,
            WaitStatistics.Of(waits),
            result.JobsSubmitted,
            result.JobsQueued);
    }
}

/// <summary>Summary statistics of waits, in seconds.</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P50">Median (nearest rank).</param>
/// <param name="P95">95th percentile (nearest rank).</param>
/// <param name="Max">Longest.</param>
public sealed record WaitStatistics(double Mean, double P50, double P95, double Max)
{
    /// <summary>The statistics of <paramref name="waits"/>, or null when there are none.</summary>
    public static WaitStatistics? Of(IReadOnlyCollection<double> waits)
    {
        if (waits.Count == 0)
        {
            return null;
        }
        var sorted = waits.Order().ToArray();
        return new WaitStatistics(sorted.Average(), Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
    }

    // Nearest rank: the smallest value with at least p of the values at or below it.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
