using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Requests;
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
            // The queue's index by job: scanning the queue for every old job made the pass O(jobs x queue).
            foreach (var request in context.Requests.ForJob(job.JobId!))
            {
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
                var request = context.NewRequest(job.Resources, job.JobId, job.JobNodeIds);
                context.Requests.Append(request);
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
