namespace Clues.Core.Scheduling.EnergyAware;

/// <summary>
/// The slots requested over a sliding window of time: what <see cref="EnergyAwareScheduler"/> knows of the demand
/// to come. Each request counts once, when first seen; a request for a job already counted (Reconsider_Jobs asking
/// again for a queued job) does not count again.
/// </summary>
internal sealed class ArrivalHistory(double window)
{
    private readonly Queue<(double Time, double Slots, string? JobId)> _arrivals = new();
    private readonly HashSet<string> _jobs = new(StringComparer.Ordinal);
    private double _slots;

    /// <summary>The arrivals inside the window.</summary>
    public int Count => _arrivals.Count;

    /// <summary>Records a request for <paramref name="slots"/> slots seen at <paramref name="now"/>.</summary>
    public void Add(double now, double slots, string? jobId)
    {
        if (jobId is not null && !_jobs.Add(jobId))
        {
            return;
        }
        _arrivals.Enqueue((now, slots, jobId));
        _slots += slots;
    }

    /// <summary>Slots requested per second over the window ending at <paramref name="now"/>.</summary>
    public double Rate(double now)
    {
        while (_arrivals.TryPeek(out var oldest) && oldest.Time <= now - window)
        {
            _arrivals.Dequeue();
            _slots -= oldest.Slots;
            if (oldest.JobId is not null)
            {
                _jobs.Remove(oldest.JobId);
            }
        }
        if (_arrivals.Count == 0)
        {
            _slots = 0; // no drift from the additions and subtractions
        }
        return Math.Max(0, _slots) / window;
    }
}
