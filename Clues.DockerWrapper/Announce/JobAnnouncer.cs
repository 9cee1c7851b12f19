using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.DockerWrapper.Announce;

/// <summary>
/// Announces every job that starts waiting (queued here or pending in Swarm) to CLUES with <c>request_create</c>, once,
/// as soon as the job store changes, so CLUES can power a node on at its next scheduling pass instead of after
/// <c>RECONSIDER_JOB_TIME</c>. The job is dispatched meanwhile without waiting for the request (see remarks).
/// </summary>
/// <remarks>
/// <para>An announcement that fails is logged and not repeated: the job itself is untouched, and CLUES still finds it
/// through the LRMS plugin (<c>/jobs/list</c>) and Reconsider_Jobs. After a wrapper restart the jobs still waiting are
/// announced again (a duplicate request is served as soon as its job runs).</para>
/// <para>No <c>request_wait</c> before dispatching (CLUES' sbatch wrapper waits): Swarm holds a job that fits nowhere as
/// a pending task and starts it the moment a powered-on node is Ready, whereas waiting would add the time CLUES needs
/// to notice the node (a node monitoring period) and mark the request served before the job is even sent.</para>
/// </remarks>
internal sealed partial class JobAnnouncer : BackgroundService
{
    private readonly JobStore _store;
    private readonly ICluesRequestClient _clues;
    private readonly AnnounceOptions _options;
    private readonly WrapperOptions _wrapper;
    private readonly TimeProvider _time;
    private readonly ILogger<JobAnnouncer> _logger;
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);

    public JobAnnouncer(JobStore store, ICluesRequestClient clues, WrapperOptions wrapper, TimeProvider time, ILogger<JobAnnouncer> logger)
    {
        _store = store;
        _clues = clues;
        _options = wrapper.Announce;
        _wrapper = wrapper;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Announcing(_logger, _options.Endpoint!);
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _store.Signal.NextAsync();
            try
            {
                await AnnounceNewAsync(stoppingToken);
                await Task.WhenAny(changed, Task.Delay(_wrapper.DispatchPeriod, _time, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is local SQLite; a failure here must not stop announcing for good.
                Log.PassFailed(_logger, ex);
                await Task.Delay(_wrapper.DispatchPeriod, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Announces the waiting jobs not announced yet, one at a time in the order they will be dispatched, and forgets
    /// jobs that stopped waiting. CLUES serves requests first come, first served: announced out of order, a request
    /// would be "served" by the node another job then takes.
    /// </summary>
    public async Task AnnounceNewAsync(CancellationToken ct)
    {
        var waiting = _store.List(JobState.Queued, JobState.Dispatching, JobState.Dispatched);
        _announced.IntersectWith(waiting.Select(j => j.Id));
        var fresh = InDispatchOrder(waiting.Where(j => !_announced.Contains(j.Id)));
        for (var i = 0; i < fresh.Count; i++)
        {
            _announced.Add(fresh[i].Id);
            if (!await AnnounceAsync(fresh[i], ct))
            {
                // CLUES did not answer: the jobs behind wait for the next pass rather than a timeout each.
                break;
            }
        }
    }

    /// <summary>Jobs already sent upstream first (they are ahead), then the queue in its dispatch order.</summary>
    private List<Job> InDispatchOrder(IEnumerable<Job> jobs)
    {
        var list = jobs.ToList();
        var sent = list.Where(j => j.State != JobState.Queued);
        var queued = list.Where(j => j.State == JobState.Queued);
        return [.. sent, .. _wrapper.Order == QueueOrder.Lifo ? queued.Reverse() : queued];
    }

    private async Task<bool> AnnounceAsync(Job job, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var request = await _clues.RequestCreateAsync(job.Cpus, job.MemoryBytes, job.Id, timeout.Token);
            Log.Announced(_logger, job.Id, request);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.Failed(_logger, job.Id, _options.Endpoint!, ex is OperationCanceledException ? $"no answer within {_options.Timeout.TotalSeconds:0.#} s" : ex.Message);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(60, LogLevel.Information, "Announcing waiting jobs to CLUES at {Endpoint}")]
        public static partial void Announcing(ILogger logger, Uri endpoint);

        [LoggerMessage(61, LogLevel.Information, "Job {JobId} announced to CLUES as request {RequestId}")]
        public static partial void Announced(ILogger logger, string jobId, long requestId);

        [LoggerMessage(62, LogLevel.Warning, "Announcing job {JobId} to CLUES at {Endpoint} failed; CLUES will find it by monitoring: {Reason}")]
        public static partial void Failed(ILogger logger, string jobId, Uri endpoint, string reason);

        [LoggerMessage(63, LogLevel.Error, "Announcement pass failed")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
