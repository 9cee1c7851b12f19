using Clues.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace Clues.Core.HighAvailability;

/// <summary>
/// This process's part in the election for the leader lease: a standby looks every
/// <see cref="HighAvailabilityOptions.LookPeriod"/> and takes the lease once it is vacant, the active one renews it
/// every <see cref="HighAvailabilityOptions.RenewPeriod"/>, and stepping down is final for this process (its host restarts as
/// a standby). It is also the fence: before every power command and hook the active one renews the lease in the
/// database, so a process that was paused past its term, or lost the lease any other way, acts no more.
/// </summary>
/// <remarks>
/// The lease's expiry is wall-clock time, so the processes' clocks must agree to well within the term (NTP), as
/// for Kubernetes leases. The active one also keeps a deadline on the monotonic clock (the start of its last
/// successful renewal plus the term): while the database cannot be reached it acts until that deadline, after
/// which nobody could tell it has not been taken over. The deadline is never later than the expiry written in the
/// row (taken after the start), so the active one stops on its own clock before a standby can take its lease.
/// </remarks>
public sealed partial class LeaderElection : IActingFence
{
    private readonly ILeaseStore _store;
    private readonly HighAvailabilityOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaderElection> _logger;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<LeaderLease> _activated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _term = new();
    private long _epoch;
    private long _validUntil;
    private bool _active;
    private bool _steppedDown;

    /// <summary>An election for <paramref name="holder"/>, advertising <paramref name="address"/>.</summary>
    public LeaderElection(ILeaseStore store, HighAvailabilityOptions options, string holder, Uri address, TimeProvider time,
        ILogger<LeaderElection> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        Holder = holder;
        Address = address;
    }

    /// <summary>This process's unique holder id.</summary>
    public string Holder { get; }

    /// <summary>This process's advertised API address.</summary>
    public Uri Address { get; }

    /// <summary>True while this process holds the lease (until it steps down).</summary>
    public bool IsActive
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>The epoch of this process's term, 0 before it took the lease.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>The lease as this process last read or wrote it (null before the first look).</summary>
    public LeaderLease? Lease { get; private set; }

    /// <summary>Completes with the lease taken when this process becomes the active one.</summary>
    public Task<LeaderLease> Activated => _activated.Task;

    /// <summary>Cancelled when the active one steps down: its loop stops at once.</summary>
    public CancellationToken Term => _term.Token;

    /// <summary>A holder id unique to this process: <c>host:pid:random</c>.</summary>
    public static string NewHolderId() =>
        $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// One step: a standby takes the lease if it is vacant; the active one renews it, and steps down if it was
    /// lost or could not be renewed before its deadline. A database error is logged and retried at the next step.
    /// </summary>
    public void Tick()
    {
        lock (_lock)
        {
            if (_steppedDown)
            {
                return;
            }
            if (_active)
            {
                Renew("the renewal");
            }
            else
            {
                TryTakeOver();
            }
        }
    }

    /// <summary>
    /// Ticks until <paramref name="stoppingToken"/>: every <see cref="HighAvailabilityOptions.RenewPeriod"/> while
    /// active, every <see cref="HighAvailabilityOptions.LookPeriod"/> while standing by.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                Tick();
                await Task.Delay(IsActive ? _options.RenewPeriod : _options.LookPeriod, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Gives the lease up if this process holds it (after its loop stopped), so a standby takes over at once.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (!_active)
            {
                return;
            }
            _active = false;
            _steppedDown = true;
            try
            {
                _store.Release(Holder, _epoch);
                Log.Released(_logger, _epoch);
            }
            catch (DatabaseException ex)
            {
                Log.ReleaseFailed(_logger, ex.Message, TermSeconds);
            }
        }
    }

    /// <summary>Reads the lease now (a standby forwarding a call to the active one); the last one seen if the database does not answer.</summary>
    public LeaderLease? Look()
    {
        lock (_lock)
        {
            return TryRead() ?? Lease;
        }
    }

    /// <summary>The fence: renews the lease now and says whether this process may still act.</summary>
    public bool MayAct(string action)
    {
        lock (_lock)
        {
            if (_active && Renew(action))
            {
                return true;
            }
            Log.Refused(_logger, action);
            return false;
        }
    }

    private void TryTakeOver()
    {
        // The monotonic start first: the deadline it gives is never later than the expiry written from the wall clock.
        var started = _time.GetTimestamp();
        var now = Now();
        try
        {
            Lease = _store.Read();
            if (Lease is not null && !Lease.IsVacant(now))
            {
                return;
            }
            if (_store.TryAcquire(Holder, Address.ToString(), now, TermSeconds) is not var (previous, taken))
            {
                Lease = _store.Read();
                return;
            }
            Lease = taken;
            _epoch = taken.Epoch;
            _validUntil = started + Ticks(TermSeconds);
            _active = true;
            if (previous.Holder.Length > 0)
            {
                Log.TakingOverExpired(_logger, taken.Epoch, previous.Holder, previous.Expires);
            }
            else
            {
                Log.TakingOverVacant(_logger, taken.Epoch);
            }
            _activated.TrySetResult(taken);
        }
        catch (DatabaseException ex)
        {
            Log.LookFailed(_logger, ex.Message);
        }
    }

    // Renews the lease of the active one; false (having stepped down) if it was lost or its deadline passed.
    private bool Renew(string reason)
    {
        var started = _time.GetTimestamp();
        var now = Now();
        try
        {
            if (_store.Renew(Holder, _epoch, now, TermSeconds))
            {
                _validUntil = started + Ticks(TermSeconds);
                Lease = Lease is null ? null : Lease with { Expires = now + TermSeconds };
                return true;
            }
            var current = TryRead();
            StepDown(current is { Epoch: var epoch, Holder: var holder } && (epoch != _epoch || holder != Holder)
                ? $"the lease was taken over by {holder} (epoch {epoch})"
                : $"the lease expired before {reason} could renew it");
            return false;
        }
        catch (DatabaseException ex)
        {
            if (started < _validUntil)
            {
                Log.RenewFailed(_logger, ex.Message, _time.GetElapsedTime(started, _validUntil).TotalSeconds);
                return true;
            }
            StepDown($"the lease could not be renewed before its term ended ({ex.Message})");
            return false;
        }
    }

    private LeaderLease? TryRead()
    {
        try
        {
            return Lease = _store.Read();
        }
        catch (DatabaseException)
        {
            return null;
        }
    }

    private void StepDown(string why)
    {
        _active = false;
        _steppedDown = true;
        Log.SteppingDown(_logger, _epoch, why);
        _term.Cancel();
    }

    private double TermSeconds => _options.LeaseTerm.TotalSeconds;

    private double Now() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    private long Ticks(double seconds) => (long)(seconds * _time.TimestampFrequency);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "taking over as active (epoch {Epoch}) after the lease of {Previous} expired at {Expires:0.###}")]
        public static partial void TakingOverExpired(ILogger logger, long epoch, string previous, double expires);

        [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "taking over as active (epoch {Epoch}): no clues-host held the lease")]
        public static partial void TakingOverVacant(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "stepping down as active (epoch {Epoch}): {Why}; no more power commands or hooks from this process")]
        public static partial void SteppingDown(ILogger logger, long epoch, string why);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "not the active clues-host: {Action} refused")]
        public static partial void Refused(ILogger logger, string action);

        [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "could not renew the lease ({Error}); still active for {Seconds:0.#} s unless it is renewed")]
        public static partial void RenewFailed(ILogger logger, string error, double seconds);

        [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "could not read the lease ({Error}); trying again")]
        public static partial void LookFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "released the lease (epoch {Epoch}): a standby takes over now")]
        public static partial void Released(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1507, Level = LogLevel.Warning, Message = "could not release the lease ({Error}); a standby takes over when it expires, within {Seconds:0.#} s")]
        public static partial void ReleaseFailed(ILogger logger, string error, double seconds);
    }
}
