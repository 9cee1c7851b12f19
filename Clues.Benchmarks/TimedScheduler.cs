using System.Diagnostics;
using Clues.Core.Scheduling;

namespace Clues.Benchmarks;

/// <summary>Measures the time a scheduler takes, for the per-scheduler breakdown of the quick mode.</summary>
internal sealed class TimedScheduler(IScheduler inner) : IScheduler
{
    public string Name => inner.Name;

    public TimeSpan Elapsed { get; private set; }

    public void Reset() => Elapsed = TimeSpan.Zero;

    public bool Schedule(SchedulingContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return inner.Schedule(context);
        }
        finally
        {
            Elapsed += Stopwatch.GetElapsedTime(start);
        }
    }
}
