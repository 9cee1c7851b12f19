using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Persistence;

/// <summary>
/// Keeps the daemon running while its database is away (a MariaDB server restarted, a network cut), as a monitoring
/// failure does: the in-memory state stays authoritative, a failed write is kept, in order, with the writes that
/// follow it, and they are all re-applied, in the same order, once the database answers again.
/// </summary>
/// <remarks>
/// <para>
/// The first failure of an outage is logged as a warning with its cause, the following ones only at debug level; the
/// return is logged with the outage's length and the number of writes re-applied. Every failed attempt counts in
/// <see cref="Errors"/> (<c>clues_database_errors_total</c>). While writes wait, new writes join the queue without a
/// call to the database, and the database is tried again at most once per <see cref="RetryInterval"/>, on the next
/// write or on <see cref="TryCatchUp"/> (the daemon calls it periodically), so a server that does not answer holds the
/// loop for at most one connection timeout per interval.
/// </para>
/// <para>
/// Writes wait in memory, at most <see cref="MaxPendingWrites"/>: past that, the oldest <c>host_monitoring</c> rows are
/// dropped first (counted in <see cref="DroppedWrites"/>); requests, enable flags and the resume state are kept. A
/// write whose acknowledgement was lost with the connection may be applied twice (one more <c>host_monitoring</c>
/// row); the other writes are upserts or updates, which re-apply harmlessly. Reads pass through: they happen at start,
/// where a database that cannot be read stops the start with its error.
/// </para>
/// </remarks>
public sealed partial class ResilientCluesStore : ICluesStore, IDatabaseHealth
{
    /// <summary>How many writes may wait for the database before the oldest <c>host_monitoring</c> rows are dropped.</summary>
    public const int MaxPendingWrites = 200_000;

    private readonly ICluesStore _inner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LinkedList<PendingWrite> _pending = new();
    private DateTimeOffset? _unavailableSince;
    private DateTimeOffset _nextAttempt;
    private long _errors;
    private long _dropped;
    private int _pendingCount;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The database store.</param>
    /// <param name="time">The clock the retry interval is measured on.</param>
    /// <param name="logger">Where outages and returns are logged.</param>
    /// <param name="retryInterval">The least time between two attempts while the database is away (default 10 s).</param>
    public ResilientCluesStore(ICluesStore inner, TimeProvider time, ILogger<ResilientCluesStore> logger, TimeSpan? retryInterval = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _time = time;
        _logger = logger;
        RetryInterval = retryInterval ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>The least time between two attempts while the database is away.</summary>
    public TimeSpan RetryInterval { get; }

    /// <inheritdoc />
    public bool IsAvailable => Volatile.Read(ref _pendingCount) == 0;

    /// <inheritdoc />
    public long Errors => Interlocked.Read(ref _errors);

    /// <inheritdoc />
    public int PendingWrites => Volatile.Read(ref _pendingCount);

    /// <inheritdoc />
    public long DroppedWrites => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => Read(_inner.LoadHosts);

    /// <inheritdoc />
    public void SetHostEnabled(string name, bool enabled) => Write(s => s.SetHostEnabled(name, enabled));

    /// <inheritdoc />
    public void StoreNode(Node node, double now)
    {
        // The node changes after this call: what is written must be its state now.
        var copy = node.Copy();
        Write(s => s.StoreNode(copy, now), droppable: true);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNode> LatestNodes() => Read(_inner.LatestNodes);

    /// <inheritdoc />
    public void StoreRequest(Request request)
    {
        var copy = Snapshot(request);
        Write(s => s.StoreRequest(copy));
    }

    /// <inheritdoc />
    public void UpdateRequest(Request request)
    {
        var copy = Snapshot(request);
        Write(s => s.UpdateRequest(copy));
    }

    /// <inheritdoc />
    public long MaxRequestId() => Read(_inner.MaxRequestId);

    /// <inheritdoc />
    public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes)
    {
        var copy = nodes.ToList();
        Write(s => s.SaveNodeStates(copy));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => Read(_inner.LoadNodeStates);

    /// <inheritdoc />
    public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed)
    {
        var changedCopy = changed.ToList();
        var removedCopy = removed.ToList();
        Write(s => s.SaveQueue(changedCopy, removedCopy));
    }

    /// <inheritdoc />
    public IReadOnlyList<QueuedRequest> LoadQueue() => Read(_inner.LoadQueue);

    /// <summary>
    /// Re-applies the waiting writes, in order, if the retry interval has passed; true when none is left waiting.
    /// </summary>
    public bool TryCatchUp()
    {
        if (_pending.Count == 0)
        {
            return true;
        }
        var now = _time.GetUtcNow();
        if (now < _nextAttempt)
        {
            return false;
        }
        var applied = 0;
        while (_pending.First is { } first)
        {
            try
            {
                first.Value.Apply(_inner);
            }
            catch (DatabaseException ex)
            {
                Interlocked.Increment(ref _errors);
                _nextAttempt = now + RetryInterval;
                Log.StillUnavailable(_logger, _pending.Count, ex.Message);
                return false;
            }
            _pending.RemoveFirst();
            Volatile.Write(ref _pendingCount, _pending.Count);
            applied++;
        }
        var outage = now - (_unavailableSince ?? now);
        _unavailableSince = null;
        Log.Back(_logger, outage.TotalSeconds, applied);
        return true;
    }

    /// <summary>Writes what it can and closes the database; writes still waiting are lost, and said so.</summary>
    public void Dispose()
    {
        if (_pending.Count > 0)
        {
            _nextAttempt = DateTimeOffset.MinValue;
            if (!TryCatchUp())
            {
                Log.LostAtStop(_logger, _pending.Count);
            }
        }
        _inner.Dispose();
    }

    private void Write(Action<ICluesStore> write, bool droppable = false)
    {
        if (_pending.Count == 0 || TryCatchUp())
        {
            try
            {
                write(_inner);
                return;
            }
            catch (DatabaseException ex)
            {
                Interlocked.Increment(ref _errors);
                _unavailableSince = _time.GetUtcNow();
                _nextAttempt = _unavailableSince.Value + RetryInterval;
                Log.Unavailable(_logger, ex.Message, RetryInterval.TotalSeconds);
            }
        }
        _pending.AddLast(new PendingWrite(write, droppable));
        if (_pending.Count > MaxPendingWrites)
        {
            DropOldestMonitoringRow();
        }
        Volatile.Write(ref _pendingCount, _pending.Count);
    }

    private void DropOldestMonitoringRow()
    {
        for (var node = _pending.First; node is not null; node = node.Next)
        {
            if (node.Value.Droppable)
            {
                _pending.Remove(node);
                if (Interlocked.Increment(ref _dropped) == 1)
                {
                    Log.Dropping(_logger, MaxPendingWrites);
                }
                return;
            }
        }
    }

    private T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DatabaseException)
        {
            Interlocked.Increment(ref _errors);
            throw;
        }
    }

    // The daemon keeps changing its request after this call: what is written must be the request as it is now.
    private static Request Snapshot(Request request) =>
        new(request.Id, request.Resources, request.TimestampCreated, request.JobId, request.JobNodeIds.ToList())
        {
            State = request.State,
            TimestampState = request.TimestampState,
        };

    private sealed record PendingWrite(Action<ICluesStore> Apply, bool Droppable);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "the database is unavailable: {Cause}; the daemon goes on, keeping its writes to re-apply them when the database is back (trying again every {Seconds} s)")]
        public static partial void Unavailable(ILogger logger, string cause, double seconds);

        [LoggerMessage(EventId = 1701, Level = LogLevel.Debug, Message = "the database is still unavailable ({Pending} writes waiting): {Cause}")]
        public static partial void StillUnavailable(ILogger logger, int pending, string cause);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "the database is back after {Seconds:0.#} s: {Applied} waiting writes re-applied")]
        public static partial void Back(ILogger logger, double seconds, int applied);

        [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "more than {Max} writes wait for the database: dropping the oldest host_monitoring rows (requests and node states are kept)")]
        public static partial void Dropping(ILogger logger, int max);

        [LoggerMessage(EventId = 1704, Level = LogLevel.Error, Message = "stopping with {Pending} writes the database never received: the next start resumes from older state")]
        public static partial void LostAtStop(ILogger logger, int pending);
    }
}

/// <summary>How the daemon's database is doing, for <c>/metrics</c> and the periodic catch-up.</summary>
public interface IDatabaseHealth
{
    /// <summary>False while writes wait for the database.</summary>
    bool IsAvailable { get; }

    /// <summary>Failed database operations since the start (<c>clues_database_errors_total</c>).</summary>
    long Errors { get; }

    /// <summary>Writes waiting for the database.</summary>
    int PendingWrites { get; }

    /// <summary>Writes given up (the oldest <c>host_monitoring</c> rows past the waiting limit).</summary>
    long DroppedWrites { get; }

    /// <summary>The least time between two attempts while the database is away.</summary>
    TimeSpan RetryInterval { get; }

    /// <summary>Re-applies the waiting writes if it is time to try again; true when none is left.</summary>
    bool TryCatchUp();
}
