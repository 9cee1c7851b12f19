using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// The daemon's single control loop (cpyutils' event loop, spec §1.3): periodic and one-shot events run one at a
/// time in order of due time, then priority (one-shot before periodic), then registration order. Periodic events
/// are re-armed at <c>t + period</c> (drift-free, catching up if late).
/// </summary>
/// <remarks>
/// <para>
/// In real time the loop waits on the <see cref="TimeProvider"/>; in virtual time (the simulator) it jumps straight
/// to the next due event, so the same daemon code runs at any speed with the same decisions.
/// </para>
/// <para>
/// FIX (spec §14 Q1): an event that throws is logged and the loop goes on. Events may be posted from other threads
/// (API calls); they run on the loop like every other event.
/// </para>
/// <para>
/// Each event is a turn: the store's writes made while it runs are committed together at its end (one commit per
/// pass instead of one per row), and an API call's answer is released only after its writes are committed.
/// </para>
/// </remarks>
public sealed partial class EventLoop
{
    private readonly object _lock = new();
    private readonly PriorityQueue<LoopEvent, (double Due, int Priority, long Seq)> _queue = new();
    private readonly ILogger<EventLoop> _logger;
    private readonly VirtualTimeProvider? _virtualTime;
    private readonly CluesClock _clock;
    private long _seq;
    private int _oneShotPending;
    private double? _lastOneShotSeen;
    private TaskCompletionSource _wakeUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a loop on <paramref name="clock"/>; a <see cref="VirtualTimeProvider"/> makes it a simulation.</summary>
    public EventLoop(CluesClock clock, ILogger<EventLoop> logger)
    {
        _clock = clock;
        _logger = logger;
        _virtualTime = clock.TimeProvider as VirtualTimeProvider;
    }

    /// <summary>The loop time (seconds).</summary>
    public double Now => _clock.Now;

    /// <summary>
    /// When set, the loop ends once no one-shot event has existed for this many seconds (the simulator's end rule).
    /// </summary>
    public double? EndAfterSecondsWithoutOneShotEvents { get; set; }

    /// <summary>Called after every event with its name and duration in seconds (metrics).</summary>
    public Action<string, double>? StepCompleted { get; set; }

    /// <summary>The store whose writes are committed at the end of every turn (none: nothing to commit).</summary>
    public Persistence.ITransactionalStore? Writes { get; set; }

    /// <summary>Number of events executed so far.</summary>
    public long EventsExecuted { get; private set; }

    /// <summary>
    /// Registers a periodic event, first due <paramref name="delay"/> seconds after <paramref name="since"/> (default:
    /// now). Steps registered together with the same <paramref name="since"/> share their due times, so each round
    /// runs them in registration order with nothing in between.
    /// </summary>
    public void AddPeriodic(string name, double period, double delay, Func<CancellationToken, ValueTask> callback, double? since = null)
    {
        if (period <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"the period of '{name}' must be positive");
        }
        Enqueue(new LoopEvent(name, callback, period), (since ?? Now) + delay, 0);
    }

    /// <summary>Registers a one-shot event due after <paramref name="delay"/> seconds.</summary>
    public void AddOneShot(string name, double delay, Func<CancellationToken, ValueTask> callback) =>
        Enqueue(new LoopEvent(name, callback, null), Now + delay, -1);

    /// <summary>Registers a one-shot event with no callback (it only keeps a simulation alive, as in CLUES).</summary>
    public void AddMarker(string name, double delay) => AddOneShot(name, delay, static _ => ValueTask.CompletedTask);

    /// <summary>
    /// Applies the result of <paramref name="task"/> on the loop: at once when it already completed (the
    /// simulator's plugins answer synchronously, so decisions keep CLUES' order), otherwise as a one-shot event
    /// when it completes, so a slow plugin never holds the loop.
    /// </summary>
    /// <param name="task">The plugin call.</param>
    /// <param name="name">The name of the event that applies the result.</param>
    /// <param name="apply">Applies the result on the loop.</param>
    /// <param name="canceled">Called on the loop if the call was cancelled (the host is stopping).</param>
    public ValueTask ContinueWith<T>(Task<T> task, string name, Func<T, ValueTask> apply, Action? canceled = null)
    {
        if (task.IsCompleted)
        {
            return task.IsCanceled ? Cancelled(canceled) : apply(task.GetAwaiter().GetResult());
        }
        task.ContinueWith(t => AddOneShot(name, 0, _ => t.IsCanceled ? Cancelled(canceled) : apply(t.GetAwaiter().GetResult())),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return ValueTask.CompletedTask;

        static ValueTask Cancelled(Action? canceled)
        {
            canceled?.Invoke();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Runs a function on the loop as soon as possible and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<CancellationToken, ValueTask<T>> function, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        AddOneShot("api call", 0, async ct =>
        {
            try
            {
                var result = await function(ct).ConfigureAwait(false);
                // What the answer reports (request_create's request) is committed before it leaves.
                if (Writes is { } writes)
                {
                    writes.CommitWrites();
                    writes.BeginWrites();
                }
                completion.TrySetResult(result);
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
            finally
            {
                await registration.DisposeAsync().ConfigureAwait(false);
            }
        });
        return completion.Task;
    }

    /// <summary>Runs the loop until cancelled (or until the simulation end rule fires).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Now;
            if (ShouldEnd(now))
            {
                Log.Ended(_logger, now);
                return;
            }
            LoopEvent? due = null;
            double next;
            Task wake;
            lock (_lock)
            {
                if (!_queue.TryPeek(out var ev, out var key))
                {
                    if (_virtualTime is not null)
                    {
                        return; // nothing left to simulate
                    }
                    next = double.PositiveInfinity;
                }
                else if (key.Due <= now)
                {
                    _queue.Dequeue();
                    due = ev;
                    next = key.Due;
                    if (ev.Period is { } period)
                    {
                        _queue.Enqueue(ev, (key.Due + period, key.Priority, key.Seq));
                    }
                    else
                    {
                        _oneShotPending--;
                    }
                }
                else
                {
                    next = key.Due;
                }
                wake = _wakeUp.Task;
            }

            if (due is not null)
            {
                await RunEventAsync(due, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_virtualTime is not null)
            {
                _virtualTime.JumpTo(next);
                continue;
            }
            var wait = double.IsPositiveInfinity(next) ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Max(0, next - now));
            var delay = Task.Delay(wait, _clock.TimeProvider, cancellationToken);
            await Task.WhenAny(delay, wake).ConfigureAwait(false);
        }
    }

    private async Task RunEventAsync(LoopEvent ev, CancellationToken cancellationToken)
    {
        EventsExecuted++;
        if (ev.Period is null)
        {
            _lastOneShotSeen = Now; // a one-shot event that just ran still counts for the end rule, as in cpyutils
        }
        var started = StepCompleted is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        Writes?.BeginWrites();
        try
        {
            await ev.Callback(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CommitWrites(ev);
            throw;
        }
        catch (Exception ex)
        {
            Log.EventFailed(_logger, ex, ev.Name);
        }
        CommitWrites(ev);
        StepCompleted?.Invoke(ev.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Commits the turn's writes, including those of a step that failed (each was committed when made before turns).</summary>
    private void CommitWrites(LoopEvent ev)
    {
        try
        {
            Writes?.CommitWrites();
        }
        catch (Exception ex) when (ex is Persistence.DatabaseException or Persistence.WritesFencedException)
        {
            Log.CommitFailed(_logger, ex, ev.Name);
        }
    }

    private bool ShouldEnd(double now)
    {
        if (EndAfterSecondsWithoutOneShotEvents is not { } limit)
        {
            return false;
        }
        lock (_lock)
        {
            // With no one-shot event ever (an empty trace), the quiet time counts from the first check.
            if (_oneShotPending > 0 || _lastOneShotSeen is null)
            {
                _lastOneShotSeen = now;
            }
        }
        return now - _lastOneShotSeen > limit;
    }

    private void Enqueue(LoopEvent ev, double due, int priority)
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            _queue.Enqueue(ev, (due, priority, _seq++));
            if (ev.Period is null)
            {
                _oneShotPending++;
            }
            wake = _wakeUp;
            _wakeUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    private sealed record LoopEvent(string Name, Func<CancellationToken, ValueTask> Callback, double? Period);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "the loop step '{Step}' failed; the loop goes on")]
        public static partial void EventFailed(ILogger logger, Exception exception, string step);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "the writes of the loop step '{Step}' were not committed")]
        public static partial void CommitFailed(ILogger logger, Exception exception, string step);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "no more events since a while: the loop ends at {Now:0.###}")]
        public static partial void Ended(ILogger logger, double now);
    }
}
