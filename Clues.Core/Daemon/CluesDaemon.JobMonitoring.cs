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
            if (WithinFailGrace("job list", _jobMonitor.Timestamp, _options.Monitoring.PeriodMonitoringJobsFailGrace, "PERIOD_MONITORING_JOBS_FAIL_GRACE", now))
            {
                return;
            }
            report = [];
        }
        _jobMonitor.Apply(report, now);
    }

    private Request FromJob(JobInfo job)
    {
        var request = _book.New(job.Resources, job.JobId, job.NodeIds, _loop.Now);
        request.UpdateFrom(job, _loop.Now);
        return request;
    }
}
