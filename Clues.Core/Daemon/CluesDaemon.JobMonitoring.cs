using Clues.Core.Model;
using Clues.Core.Requests;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>Job monitoring (spec §1.6): mirror the LRMS jobs as requests keyed by job id.</summary>
    internal ValueTask MonitorJobsAsync(CancellationToken cancellationToken) =>
        Once(_jobReport, () => _platform.GetJobsAsync(cancellationToken), ApplyJobReport);

    private void ApplyJobReport(IReadOnlyList<JobInfo>? report)
    {
        var now = _loop.Now;
        if (report is null)
        {
            if (WithinFailGrace("job list", _jobsTimestamp, _monitoring.PeriodMonitoringJobsFailGrace, "PERIOD_MONITORING_JOBS_FAIL_GRACE", now))
            {
                return;
            }
            report = [];
        }

        if (_jobs is null)
        {
            _jobs = new JobList();
            foreach (var job in report)
            {
                _jobs.Append(FromJob(job));
            }
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in report)
        {
            if (!reported.Add(job.JobId))
            {
                continue; // a duplicate id in one report: CLUES raises; keep the first
            }
            if (_jobs.Find(job.JobId) is { } known)
            {
                known.UpdateFrom(job, now);
            }
            else
            {
                Log.JobAppeared(_logger, job.JobId);
                _jobs.Append(FromJob(job));
            }
        }

        var toDelete = new List<string>();
        foreach (var job in _jobs)
        {
            if (!job.State.IsFinal() && !reported.Contains(job.JobId!))
            {
                job.SetState(RequestState.Dissapeared, now);
            }
            // FIX (spec §14 Q13): a finished job still reported by the LRMS is kept, not deleted and re-added as new
            // (unless CLUES23_DECISIONS).
            if (job.State.IsFinal() && now - job.TimestampState > _monitoring.CooldownServedJobs
                && (_scheduling.Clues23Decisions || !reported.Contains(job.JobId!)))
            {
                toDelete.Add(job.JobId!);
            }
        }
        foreach (var id in toDelete)
        {
            _jobs.Remove(id);
        }
        _jobsTimestamp = now;
    }

    private Request FromJob(JobInfo job)
    {
        var request = NewRequest(job.Resources, job.JobId, job.NodeIds);
        request.UpdateFrom(job, _loop.Now);
        return request;
    }
}
