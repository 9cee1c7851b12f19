using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling;

/// <summary>
/// Turns LRMS jobs that stayed queued longer than RECONSIDER_JOB_TIME into requests, so that nodes are powered on
/// for work submitted straight to the LRMS (CLUES' <c>CLUES_Scheduler_Reconsider_Jobs</c>, spec §4.3).
/// </summary>
[CluesPlugin(SchedulerNames.ReconsiderJobs)]
public sealed partial class ReconsiderJobsScheduler(SchedulingOptions options, ILogger<ReconsiderJobsScheduler> logger) : IScheduler
{
    /// <inheritdoc />
    public string Name => "Reconsider_Jobs";

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        var jobs = context.Monitoring.Jobs;
        if (jobs is null)
        {
            return true;
        }
        var now = context.Now;
        foreach (var job in jobs)
        {
            if (job.State != RequestState.Pending)
            {
                continue;
            }
            var inactiveSince = Math.Max(job.TimestampState, job.TimestampAttended);
            if (now - inactiveSince <= options.ReconsiderJobTime)
            {
                continue;
            }
            var reconsider = true;
            foreach (var request in context.Requests)
            {
                if (request.JobId != job.JobId)
                {
                    continue;
                }
                if (request.State == RequestState.Served)
                {
                    if (now - request.TimestampState < options.ReconsiderJobTime)
                    {
                        reconsider = false;
                    }
                }
                else if (request.State is not (RequestState.Discarded or RequestState.NotServed))
                {
                    reconsider = false;
                }
            }
            if (reconsider)
            {
                Log.Reconsidering(logger, job.JobId!, now - inactiveSince);
                job.SetState(RequestState.Attended, now);
                context.Requests.Append(context.NewRequest(job.Resources, job.JobId, job.JobNodeIds));
            }
        }
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Reconsider_Jobs: job {Job} has been queued for {Seconds:0} s; creating a request for it")]
        public static partial void Reconsidering(ILogger logger, string job, double seconds);
    }
}
