using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>
/// Computes a <see cref="ClusterReport"/> from CLUES' history rows: the one computation behind <c>clues-host report</c>,
/// the status page's reports view and their tests.
/// </summary>
/// <remarks>
/// Every row is placed at the time it was written (<c>timestamp</c>), for filtering and for the time axis alike
/// (FIX spec §14 Q26 here; <c>cluesdata.json</c> keeps CLUES' mix for CLUES' own pages). A host's state when the
/// period begins is its last row before it, so a period that starts mid-run is right from its first second. FIX:
/// CLUES drew a host as "off" before its first row; here that time is "no data" and counts in no state.
/// </remarks>
public static class ClusterReportBuilder
{
    /// <summary>The name of the time a host was not seen yet, in <see cref="ClusterPoint.Nodes"/>.</summary>
    public const string NoData = "no data";

    /// <summary>The order states are listed in: on states first, then power transitions, off, and the troubled ones.</summary>
    public static readonly IReadOnlyList<NodeState> StateOrder =
        [NodeState.Idle, NodeState.Used, NodeState.PowOn, NodeState.PowOff, NodeState.Off, NodeState.OnErr, NodeState.OffErr, NodeState.Error, NodeState.Unknown];

    /// <summary>The request states in the order they are listed.</summary>
    public static readonly IReadOnlyList<RequestState> OutcomeOrder =
        [RequestState.Served, RequestState.NotServed, RequestState.Discarded, RequestState.Dissapeared, RequestState.Pending, RequestState.Attended, RequestState.Blocked, RequestState.Unknown];

    /// <summary>Reads the period the user asked for from the database and computes its report.</summary>
    /// <param name="database">The database.</param>
    /// <param name="from">The <c>--from</c> value, or null (see <see cref="ReportPeriod"/>).</param>
    /// <param name="to">The <c>--to</c> value, or null.</param>
    /// <param name="now">The current time (for <c>now</c>).</param>
    /// <param name="maxPoints">The most points <see cref="ClusterReport.Timeline"/> and <see cref="ClusterReport.Arrivals"/> may have.</param>
    /// <exception cref="ReportException">A value cannot be read, or the database holds nothing in the period.</exception>
    public static ClusterReport Read(CluesDatabaseReader database, string? from, string? to, DateTimeOffset now, int maxPoints = 1000)
    {
        var extent = database.Extent() ?? throw new ReportException("the database holds no data yet: no host was monitored and no request made");
        var period = ReportPeriod.Resolve(from, to, extent, now);
        if (period.From > extent.Last || period.To < extent.First)
        {
            throw new ReportException($"no data between {ReportPeriod.Format(period.From)} and {ReportPeriod.Format(period.To)}: the database holds {ReportPeriod.Format(extent.First)} to {ReportPeriod.Format(extent.Last)}");
        }
        return Build(database.HostsBefore(period.From), database.HostsBetween(period.From, period.To),
            database.RequestsBetween(period.From, period.To), period, maxPoints);
    }

    /// <summary>Computes the report of a period.</summary>
    /// <param name="before">The last row of each host before the period (its state when the period begins).</param>
    /// <param name="samples">The rows written in the period, in the order they were written.</param>
    /// <param name="requests">The requests created in the period.</param>
    /// <param name="period">The period.</param>
    /// <param name="maxPoints">The most points the timeline and the arrivals may have.</param>
    public static ClusterReport Build(IReadOnlyList<HostSample> before, IReadOnlyList<HostSample> samples,
        IReadOnlyList<RequestRecord> requests, ReportPeriod period, int maxPoints = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var steps = new SortedDictionary<string, List<HostSample>>(StringComparer.Ordinal);
        foreach (var sample in before)
        {
            StepsOf(steps, sample.Name).Add(sample with { Time = period.From });
        }
        foreach (var sample in samples.OrderBy(s => s.Time))
        {
            StepsOf(steps, sample.Name).Add(sample);
        }
        var hosts = steps.Select(h => HostReportBuilder.Build(h.Key, h.Value, period, maxPoints)).ToList();
        return new ClusterReport(period, hosts, RequestReportOf(requests, period), Timeline(steps, period, maxPoints), Arrivals(requests, period, maxPoints));
    }

    private static List<HostSample> StepsOf(SortedDictionary<string, List<HostSample>> steps, string name)
    {
        if (!steps.TryGetValue(name, out var list))
        {
            steps[name] = list = [];
        }
        return list;
    }

    private static RequestReport RequestReportOf(IReadOnlyList<RequestRecord> requests, ReportPeriod period)
    {
        var outcomes = OutcomeOrder
            .Select(state => (State: state, Count: requests.Count(r => r.State == state)))
            .Where(o => o.Count > 0 || o.State is RequestState.Served or RequestState.NotServed or RequestState.Pending)
            .Select(o => new RequestOutcome(o.State, o.State.ToDisplay(), o.Count, requests.Count > 0 ? (double)o.Count / requests.Count : 0))
            .ToList();
        var served = requests.Where(r => r.State == RequestState.Served).Select(Waited).ToList();
        var left = requests.Where(r => r.State.IsFinal() || r.State == RequestState.Discarded).Select(Waited).ToList();
        return new RequestReport(
            requests.Count,
            period.Seconds > 0 ? requests.Count / period.Seconds * 3600 : null,
            outcomes,
            Statistics.Of(served),
            Statistics.Of(left),
            Statistics.Of(requests.Select(r => r.Slots).ToList()),
            Statistics.Of(requests.Select(r => r.Memory).ToList()),
            Statistics.Of(requests.Select(r => (double)r.TaskCount).ToList()));

        static double Waited(RequestRecord r) => Math.Max(0, r.StateTime - r.Created);
    }

    private static List<ClusterPoint> Timeline(SortedDictionary<string, List<HostSample>> steps, ReportPeriod period, int maxPoints)
    {
        var changes = steps.Values.SelectMany(s => s).Select(s => s.Time).Append(period.From).Append(period.To)
            .Where(t => t >= period.From && t <= period.To).Distinct().Order().ToList();
        var times = changes.Count <= maxPoints ? changes : Grid(period, maxPoints);
        var cursors = steps.ToDictionary(h => h.Key, _ => -1, StringComparer.Ordinal);
        var points = new List<ClusterPoint>(times.Count);
        foreach (var time in times)
        {
            var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
            double slotsOn = 0, slotsUsed = 0, memoryOn = 0, memoryUsed = 0;
            foreach (var (name, list) in steps)
            {
                var i = cursors[name];
                while (i + 1 < list.Count && list[i + 1].Time <= time)
                {
                    i++;
                }
                cursors[name] = i;
                if (i < 0)
                {
                    nodes[NoData] = nodes.GetValueOrDefault(NoData) + 1;
                    continue;
                }
                var sample = list[i];
                var key = sample.State.ToDisplay();
                nodes[key] = nodes.GetValueOrDefault(key) + 1;
                slotsUsed += sample.SlotsUsed;
                memoryUsed += sample.MemoryUsed;
                if (HostReportBuilder.IsOn(sample.State))
                {
                    slotsOn += Math.Max(0, sample.Slots);
                    memoryOn += Math.Max(0, sample.Memory);
                }
            }
            points.Add(new ClusterPoint(time, nodes, slotsOn, slotsUsed, memoryOn, memoryUsed));
        }
        return points;
    }

    private static List<RequestArrival> Arrivals(IReadOnlyList<RequestRecord> requests, ReportPeriod period, int maxPoints)
    {
        var width = requests.Select(r => Math.Floor(r.Created)).Distinct().Count() <= maxPoints ? 1 : Math.Max(1, period.Seconds / maxPoints);
        return requests
            .GroupBy(r => period.From + Math.Floor((r.Created - period.From) / width) * width)
            .Select(g => new RequestArrival(width == 1 ? Math.Floor(g.Min(r => r.Created)) : g.Key, g.Count(), g.Sum(r => r.Slots * r.TaskCount)))
            .OrderBy(a => a.Time)
            .ToList();
    }

    private static List<double> Grid(ReportPeriod period, int points) =>
        Enumerable.Range(0, points).Select(i => period.From + period.Seconds * i / (points - 1)).ToList();
}
