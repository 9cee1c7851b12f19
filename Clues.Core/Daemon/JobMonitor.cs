using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requests;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// Job monitoring (spec §1.6): mirrors the LRMS jobs as requests keyed by job id, which Reconsider_Jobs and the
/// booking system read.
/// </summary>
/// <param name="monitoring">COOLDOWN_SERVED_JOBS.</param>
/// <param name="scheduling">CLUES23_DECISIONS.</param>
/// <param name="newRequest">Creates the request mirroring a job (the daemon's request ids).</param>
/// <param name="logger">The daemon's logger (the messages are the daemon's).</param>
internal sealed partial class JobMonitor(MonitoringOptions monitoring, SchedulingOptions scheduling,
    Func<JobInfo, Request> newRequest, ILogger logger)
{
    // The ids of the current report, kept from one report to the next (a new set per report grew with the queue).
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>The jobs, or null before the first report.</summary>
    public JobList? Jobs { get; private set; }

    /// <summary>When the last report was applied (-1 before any).</summary>
    public double Timestamp { get; private set; } = -1;

    /// <summary>Merges a report (an empty one for a failed report past its grace period).</summary>
    public void Apply(IReadOnlyList<JobInfo> report, double now)
    {
        if (Jobs is null)
        {
            Jobs = new JobList();
            foreach (var job in report)
            {
                Jobs.Append(newRequest(job));
            }
        }

        var reported = _reported;
        reported.Clear();
        foreach (var job in report)
        {
            if (!reported.Add(job.JobId))
            {
                continue; // a duplicate id in one report: CLUES raises; keep the first
            }
            if (Jobs.Find(job.JobId) is { } known)
            {
                known.UpdateFrom(job, now);
            }
            else
            {
                Log.JobAppeared(logger, job.JobId);
                Jobs.Append(newRequest(job));
            }
        }

        var toDelete = new List<string>();
        foreach (var job in Jobs)
        {
            if (!job.State.IsFinal() && !reported.Contains(job.JobId!))
            {
                job.SetState(RequestState.Dissapeared, now);
            }
            // FIX (spec §14 Q13): a finished job still reported by the LRMS is kept, not deleted and re-added as new
            // (unless CLUES23_DECISIONS).
            if (job.State.IsFinal() && now - job.TimestampState > monitoring.CooldownServedJobs
                && (scheduling.Clues23Decisions || !reported.Contains(job.JobId!)))
            {
                toDelete.Add(job.JobId!);
            }
        }
        foreach (var id in toDelete)
        {
            Jobs.Remove(id);
        }
        Timestamp = now;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 607, Level = LogLevel.Debug, Message = "job {Job} has just appeared")]
        public static partial void JobAppeared(ILogger logger, string job);
    }
}
