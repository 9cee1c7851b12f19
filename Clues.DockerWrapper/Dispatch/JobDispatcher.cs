using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clues.DockerWrapper.Dispatch;

/// <summary>
/// The dispatch loop: each pass (every <see cref="WrapperOptions.DispatchPeriod"/>, or at once when a job
/// changes) (1) finishes dispatches interrupted by a crash, (2) reads the engine's view of dispatched jobs,
/// (3) sends queued jobs in FIFO (or LIFO) order while the backend has room, (4) forgets ended jobs after
/// <see cref="WrapperOptions.KeepFinished"/>. A failing step is logged and the loop goes on.
/// </summary>
/// <remarks>
/// FIX (spec §1.2): the thesis popped a job, ignored the engine's answer and so lost jobs that failed; here a
/// failed dispatch puts the job back with exponential backoff (RETRY_DELAY doubling up to MAX_RETRY_DELAY).
/// </remarks>
internal sealed partial class JobDispatcher : BackgroundService
{
    private readonly JobStore _store;
    private readonly BackendResolver _backends;
    private readonly WrapperOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JobDispatcher> _logger;

    public JobDispatcher(JobStore store, BackendResolver backends, WrapperOptions options, TimeProvider time, ILogger<JobDispatcher> logger)
    {
        _store = store;
        _backends = backends;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _store.Signal.NextAsync();
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PassFailed(_logger, ex);
            }
            try
            {
                await Task.WhenAny(changed, Task.Delay(_options.DispatchPeriod, _time, stoppingToken));
                // Coalesce bursts of changes (a create, its start, the attach) into one pass.
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass of the loop.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var backend = await _backends.ResolveAsync(ct);
        if (backend is null)
        {
            return;
        }

        // (1) A crash between "Dispatching" and the engine's answer: dispatch again; the stable upstream name
        // makes the engine refuse a duplicate and the existing object is adopted.
        foreach (var job in _store.List(JobState.Dispatching))
        {
            await DispatchAsync(job, _backends.ByName(job.Backend ?? backend.Name), ct);
        }

        // (2)
        foreach (var group in _store.List(JobState.Dispatched, JobState.Running).GroupBy(j => j.Backend ?? backend.Name))
        {
            try
            {
                foreach (var updated in await _backends.ByName(group.Key).RefreshAsync(group.ToList(), ct))
                {
                    StoreIfStillActive(updated);
                }
            }
            catch (DispatchException ex)
            {
                Log.RefreshFailed(_logger, ex.Message);
            }
        }

        // (3)
        var now = _time.GetUtcNow();
        var queued = _store.List(JobState.Queued);
        var ordered = _options.Order == QueueOrder.Lifo ? queued.Reverse() : queued;
        foreach (var job in ordered)
        {
            if (job.NotBefore > now)
            {
                // Backoff: the head waits, and the queue keeps its order behind it.
                break;
            }
            try
            {
                if (!await backend.HasRoomAsync(job, _store.List(JobState.Dispatched, JobState.Running), ct))
                {
                    break;
                }
            }
            catch (DispatchException ex)
            {
                Log.RefreshFailed(_logger, ex.Message);
                break;
            }
            if (!await DispatchAsync(job, backend, ct))
            {
                break;
            }
        }

        // (4)
        foreach (var job in _store.List(JobState.Finished, JobState.Failed, JobState.Cancelled))
        {
            if (job.FinishedAt is { } finished && now - finished > _options.KeepFinished)
            {
                try
                {
                    if (job.Backend is not null)
                    {
                        await _backends.ByName(job.Backend).CleanupAsync(job, ct);
                    }
                    _store.Delete(job.Id);
                }
                catch (UpstreamException ex)
                {
                    Log.CleanupFailed(_logger, job.Id, ex.Message);
                }
            }
        }
    }

    private async Task<bool> DispatchAsync(Job job, IDispatchBackend backend, CancellationToken ct)
    {
        var dispatching = job with { State = JobState.Dispatching, Backend = backend.Name };
        _store.Update(dispatching);
        try
        {
            var (upstreamId, state) = await backend.DispatchAsync(dispatching, ct);
            var current = _store.Get(job.Id);
            var dispatched = dispatching with
            {
                State = state,
                UpstreamId = upstreamId,
                Attempts = 0,
                NotBefore = null,
                Error = null,
                StartedAt = state == JobState.Running ? _time.GetUtcNow() : null,
            };
            if (current is null || current.State == JobState.Cancelled)
            {
                // Removed by the client while the dispatch was in flight: undo it upstream.
                await backend.CleanupAsync(dispatched, ct);
                Log.DispatchUndone(_logger, job.Id);
                return true;
            }
            _store.Update(dispatched);
            Log.Dispatched(_logger, job.Id, backend.Name, upstreamId);
            return true;
        }
        catch (DispatchException ex)
        {
            var attempts = job.Attempts + 1;
            var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks,
                _options.RetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
            _store.Update(dispatching with
            {
                State = JobState.Queued,
                Attempts = attempts,
                NotBefore = _time.GetUtcNow() + delay,
                Error = ex.Message,
            });
            Log.DispatchFailed(_logger, job.Id, attempts, delay.TotalSeconds, ex.Message);
            return false;
        }
    }

    /// <summary>Stores a refreshed job unless the client cancelled it meanwhile.</summary>
    private void StoreIfStillActive(Job updated)
    {
        var current = _store.Get(updated.Id);
        if (current is null || !current.IsActive)
        {
            return;
        }
        _store.Update(updated);
        if (!updated.IsActive)
        {
            Log.Ended(_logger, updated.Id, updated.State, updated.ExitCode, updated.Node);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Job {JobId} dispatched to {Backend} as {UpstreamId}")]
        public static partial void Dispatched(ILogger logger, string jobId, string backend, string upstreamId);

        [LoggerMessage(31, LogLevel.Warning, "Dispatch of job {JobId} failed (attempt {Attempts}), retry in {Delay} s: {Reason}")]
        public static partial void DispatchFailed(ILogger logger, string jobId, int attempts, double delay, string reason);

        [LoggerMessage(32, LogLevel.Warning, "Reading job states from the engine failed: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string reason);

        [LoggerMessage(33, LogLevel.Information, "Job {JobId} ended: {State}, exit code {ExitCode}, node {Node}")]
        public static partial void Ended(ILogger logger, string jobId, JobState state, int? exitCode, string? node);

        [LoggerMessage(34, LogLevel.Error, "Dispatch pass failed")]
        public static partial void PassFailed(ILogger logger, Exception exception);

        [LoggerMessage(35, LogLevel.Information, "Job {JobId} was cancelled during its dispatch; removed upstream")]
        public static partial void DispatchUndone(ILogger logger, string jobId);

        [LoggerMessage(36, LogLevel.Warning, "Cleanup of job {JobId} failed: {Reason}")]
        public static partial void CleanupFailed(ILogger logger, string jobId, string reason);
    }
}
