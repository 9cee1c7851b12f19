using Clues.Core.Model;

namespace Clues.Core.Reports;

/// <summary>
/// One host's part of a <see cref="ClusterReport"/>: time and visits per state, power-ons, resource use, and its state
/// over time for drawing.
/// </summary>
internal static class HostReportBuilder
{
    /// <summary>The report of a host from its rows in order, each holding until the next (the last until the period's end).</summary>
    public static HostReport Build(string name, List<HostSample> steps, ReportPeriod period, int maxPoints)
    {
        var seconds = new Dictionary<NodeState, double>();
        var visits = new Dictionary<NodeState, int>();
        var segments = new List<StateSegment>();
        var noData = Math.Max(0, steps[0].Time - period.From);
        if (noData > 0)
        {
            segments.Add(new StateSegment(period.From, steps[0].Time, null));
        }
        var usage = new List<UsagePoint>();
        var slots = new UsageAccumulator();
        var memory = new UsageAccumulator();
        var powerOns = 0;
        NodeState? previous = null;
        // Rows that hold for no time (two at one instant) still count as visits and power-ons: CLUES wrote them.
        for (var i = 0; i < steps.Count; i++)
        {
            var sample = steps[i];
            var end = i + 1 < steps.Count ? steps[i + 1].Time : period.To;
            var length = Math.Max(0, end - sample.Time);
            if (sample.State != previous)
            {
                visits[sample.State] = visits.GetValueOrDefault(sample.State) + 1;
                if (sample.State == NodeState.PowOn || (previous is NodeState.Off or NodeState.OffErr && IsOn(sample.State)))
                {
                    powerOns++;
                }
                previous = sample.State;
            }
            if (segments.Count > 0 && segments[^1].State == sample.State)
            {
                segments[^1] = segments[^1] with { End = end };
            }
            else
            {
                segments.Add(new StateSegment(sample.Time, end, sample.State));
            }
            if (usage.Count == 0 || usage[^1].SlotsUsed != sample.SlotsUsed || usage[^1].MemoryUsed != sample.MemoryUsed)
            {
                usage.Add(new UsagePoint(sample.Time, sample.SlotsUsed, sample.MemoryUsed));
            }
            seconds[sample.State] = seconds.GetValueOrDefault(sample.State) + length;
            slots.Add(length, sample.SlotsUsed, sample.Slots, IsOn(sample.State));
            memory.Add(length, sample.MemoryUsed, sample.Memory, IsOn(sample.State));
        }
        segments = Compact(segments);
        if (segments.Count > maxPoints)
        {
            segments = Coarsen(segments, period, maxPoints);
        }
        if (usage.Count > maxPoints)
        {
            usage = Resample(usage, period, maxPoints);
        }
        var observed = seconds.Values.Sum();
        var on = seconds.Where(s => IsOn(s.Key)).Sum(s => s.Value);
        var states = ClusterReportBuilder.StateOrder.Select(state =>
        {
            var time = seconds.GetValueOrDefault(state);
            var count = visits.GetValueOrDefault(state);
            return new StateTime(state, state.ToDisplay(), time, count, count > 0 ? time / count : null,
                observed > 0 ? time / observed : 0, IsOn(state) ? (on > 0 ? time / on : 0) : null);
        }).ToList();
        return new HostReport(name, observed, noData, on, powerOns, states, slots.Result(observed, on), memory.Result(observed, on), usage, segments);
    }

    // Too many changes to draw: what was in use at even instants from the host's first row on.
    private static List<UsagePoint> Resample(List<UsagePoint> usage, ReportPeriod period, int points)
    {
        var resampled = new List<UsagePoint>(points);
        var index = 0;
        for (var k = 0; k < points; k++)
        {
            var time = period.From + (period.Seconds * k / (points - 1));
            if (time < usage[0].Time)
            {
                continue;
            }
            while (index + 1 < usage.Count && usage[index + 1].Time <= time)
            {
                index++;
            }
            resampled.Add(usage[index] with { Time = time });
        }
        return resampled;
    }

    // Drops spans of no length (rows written at one instant) and joins the neighbours that then meet in one state.
    private static List<StateSegment> Compact(List<StateSegment> segments)
    {
        var result = new List<StateSegment>(segments.Count);
        foreach (var segment in segments.Where(s => s.End > s.Start))
        {
            if (result.Count > 0 && result[^1].State == segment.State)
            {
                result[^1] = result[^1] with { End = segment.End };
            }
            else
            {
                result.Add(segment);
            }
        }
        return result;
    }

    // Too many changes to draw: one segment per slice of the period, in the state the host spent most of that slice in
    // (the figures of the host report are computed before, from every row).
    private static List<StateSegment> Coarsen(List<StateSegment> segments, ReportPeriod period, int slices)
    {
        var coarse = new List<StateSegment>(slices);
        var width = period.Seconds / slices;
        var first = 0;
        for (var k = 0; k < slices; k++)
        {
            var start = period.From + (k * width);
            var end = k == slices - 1 ? period.To : start + width;
            var time = new Dictionary<int, double>();
            while (first < segments.Count && segments[first].End <= start)
            {
                first++;
            }
            for (var i = first; i < segments.Count && segments[i].Start < end; i++)
            {
                var key = segments[i].State is { } state ? (int)state : int.MinValue;
                time[key] = time.GetValueOrDefault(key) + (Math.Min(end, segments[i].End) - Math.Max(start, segments[i].Start));
            }
            if (time.Count == 0)
            {
                continue;
            }
            var most = time.MaxBy(t => t.Value).Key;
            coarse.Add(new StateSegment(start, end, most == int.MinValue ? null : (NodeState)most));
        }
        return Compact(coarse);
    }

    // CLUES' report page counts these as "available" (cluesstates.avail): the node is on and the LRMS may use it.
    public static bool IsOn(NodeState state) => state is NodeState.Idle or NodeState.Used or NodeState.OnErr;
}
