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
public sealed partial class ResilientCluesStore : ICluesStore, ITransactionalStore, IDatabaseHealth
{
    /// <summary>How many writes may wait for the database before the oldest <c>host_monitoring</c> rows are dropped.</summary>
    public const int MaxPendingWrites = 200_000;

    private readonly ICluesStore _inner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LinkedList<StoreWrite> _pending = new();
    private readonly List<StoreWrite> _turn = [];
    private bool _grouping;
    private DateTimeOffset? _unavailableSince;
    private DateTimeOffset _nextAttempt;
    private long _errors;
    private long _dropped;
    private long _reapplied;
    private readonly PendingWriteSpool? _spool;
    private int _fromSpool;
    private int _pendingCount;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The database store.</param>
    /// <param name="time">The clock the retry interval is measured on.</param>
    /// <param name="logger">Where outages and returns are logged.</param>
    /// <param name="retryInterval">The least time between two attempts while the database is away (default 10 s).</param>
    /// <param name="spool">
    /// Where writes the database never received are saved at stop; an earlier run's are re-applied now, before anything
    /// else. Null: they are lost at stop (and said so).
    /// </param>
    public ResilientCluesStore(ICluesStore inner, TimeProvider time, ILogger<ResilientCluesStore> logger, TimeSpan? retryInterval = null,
        PendingWriteSpool? spool = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _time = time;
        _logger = logger;
        _spool = spool;
        RetryInterval = retryInterval ?? TimeSpan.FromSeconds(10);
        ReapplySpool();
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
    public long SpooledWritesReapplied => Interlocked.Read(ref _reapplied);

    /// <inheritdoc />
    public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => Read(_inner.LoadHosts);

    /// <inheritdoc />
    public void SetHostEnabled(string name, bool enabled) => Write(new HostEnabledWrite(name, enabled));

    /// <inheritdoc />
    public void StoreNode(Node node, double now)
    {
        // The node changes after this call: what is written must be its state now.
        Write(NodeRowWrite.Of(node, now));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNode> LatestNodes() => Read(_inner.LatestNodes);

    /// <inheritdoc />
    public void StoreRequest(Request request)
    {
        Write(RequestRowWrite.Of(request, update: false));
    }

    /// <inheritdoc />
    public void UpdateRequest(Request request)
    {
        Write(RequestRowWrite.Of(request, update: true));
    }

    /// <inheritdoc />
    public long MaxRequestId() => Read(_inner.MaxRequestId);

    /// <inheritdoc />
    public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes)
    {
        Write(new NodeStatesWrite(nodes.ToList()));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => Read(_inner.LoadNodeStates);

    /// <inheritdoc />
    public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed)
    {
        Write(new QueueWrite(changed.ToList(), removed.ToList()));
    }

    /// <inheritdoc />
    public IReadOnlyList<QueuedRequest> LoadQueue() => Read(_inner.LoadQueue);

    /// <inheritdoc />
    public void BeginWrites() => _grouping = true;

    /// <inheritdoc />
    /// <remarks>Never throws: writes the database did not take wait for it, and fenced writes are dropped (and logged).</remarks>
    public void CommitWrites()
    {
        _grouping = false;
        if (_turn.Count == 0)
        {
            return;
        }
        foreach (var write in _turn)
        {
            _pending.AddLast(write);
        }
        _turn.Clear();
        while (_pending.Count > MaxPendingWrites && DropOldestMonitoringRow())
        {
        }
        TryWritePending();
    }

    /// <summary>
    /// Re-applies the waiting writes, in order, if the retry interval has passed; true when none is left waiting.
    /// </summary>
    public bool TryCatchUp() => _pending.Count == 0 || TryWritePending();

    /// <inheritdoc />
    public bool TryCatchUpNow()
    {
        _nextAttempt = DateTimeOffset.MinValue;
        return TryCatchUp();
    }

    /// <summary>
    /// Tries once more to write what waits (bounded by the database's connection timeout) and closes the database;
    /// what still waits is saved to the spool for the next start, or, without one, lost and said so.
    /// </summary>
    public void Dispose()
    {
        CommitWrites();
        if (!TryCatchUpNow())
        {
            SaveSpool();
        }
        _inner.Dispose();
    }

    /// <summary>Queues the writes an earlier run saved at stop ahead of everything else, and writes them now if it can.</summary>
    private void ReapplySpool()
    {
        if (_spool is null)
        {
            return;
        }
        (long Epoch, List<StoreWrite> Writes)? saved;
        try
        {
            saved = _spool.Load();
        }
        catch (SpoolFormatException ex)
        {
            Interlocked.Increment(ref _errors);
            Log.SpoolUnreadable(_logger, ex.Message, _spool.SetAside("unreadable"));
            return;
        }
        if (saved is not var (epoch, writes))
        {
            return;
        }
        if (!_spool.IsCurrent(epoch))
        {
            Log.SpoolStale(_logger, _spool.Path, writes.Count, epoch, _spool.SetAside("stale"));
            return;
        }
        foreach (var write in writes)
        {
            _pending.AddLast(write);
        }
        _fromSpool = writes.Count;
        Volatile.Write(ref _pendingCount, _pending.Count);
        Log.SpoolFound(_logger, writes.Count, _spool.Path);
        TryWritePending();
    }

    private void SaveSpool()
    {
        if (_spool is null)
        {
            Log.LostAtStop(_logger, _pending.Count);
            return;
        }
        try
        {
            _spool.Save(_pending);
            Log.Spooled(_logger, _pending.Count, _spool.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.SpoolNotSaved(_logger, _pending.Count, _spool.Path, ex.Message);
        }
    }

    private void Write(StoreWrite write)
    {
        _turn.Add(write);
        if (!_grouping)
        {
            CommitWrites();
        }
    }

    /// <summary>
    /// Writes every waiting write, in order, in one transaction of the database store (unless the database is away
    /// and the retry interval has not passed); true if none is left waiting.
    /// </summary>
    private bool TryWritePending()
    {
        var now = _time.GetUtcNow();
        if (_unavailableSince is not null && now < _nextAttempt)
        {
            Volatile.Write(ref _pendingCount, _pending.Count);
            return false;
        }
        // A store without transactions (a test's) takes each write for good as it returns.
        var transactional = _inner as ITransactionalStore;
        var applied = 0;
        try
        {
            transactional?.BeginWrites();
            for (var write = _pending.First; write is not null;)
            {
                var next = write.Next;
                write.Value.Apply(_inner);
                applied++;
                if (transactional is null)
                {
                    _pending.Remove(write);
                }
                write = next;
            }
            transactional?.CommitWrites();
        }
        catch (DatabaseException ex)
        {
            Interlocked.Increment(ref _errors);
            _nextAttempt = now + RetryInterval;
            if (_unavailableSince is null)
            {
                _unavailableSince = now;
                Log.Unavailable(_logger, ex.Message, RetryInterval.TotalSeconds);
            }
            else
            {
                Log.StillUnavailable(_logger, _pending.Count, ex.Message);
            }
            Volatile.Write(ref _pendingCount, _pending.Count);
            return false;
        }
        catch (WritesFencedException ex)
        {
            Log.Fenced(_logger, _pending.Count, ex.Message);
            if (_fromSpool > 0 && _spool!.Exists)
            {
                _spool.SetAside("stale");
            }
            _fromSpool = 0;
        }
        _pending.Clear();
        Volatile.Write(ref _pendingCount, 0);
        if (_fromSpool > 0)
        {
            // In the database now: the spool is done with.
            _spool!.Delete();
            Interlocked.Add(ref _reapplied, _fromSpool);
            Log.SpoolReapplied(_logger, _fromSpool, _spool.Path);
            _fromSpool = 0;
        }
        if (_unavailableSince is { } since)
        {
            _unavailableSince = null;
            Log.Back(_logger, (now - since).TotalSeconds, applied);
        }
        return true;
    }

    private bool DropOldestMonitoringRow()
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
                return true;
            }
        }
        return false;
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

        [LoggerMessage(EventId = 1706, Level = LogLevel.Warning, Message = "stopping with {Pending} writes the database never received: saved to {Path}; the next start re-applies them first")]
        public static partial void Spooled(ILogger logger, int pending, string path);

        [LoggerMessage(EventId = 1707, Level = LogLevel.Error, Message = "stopping with {Pending} writes the database never received, and they could not be saved to {Path} ({Cause}): the next start resumes from older state")]
        public static partial void SpoolNotSaved(ILogger logger, int pending, string path, string cause);

        [LoggerMessage(EventId = 1708, Level = LogLevel.Warning, Message = "re-applying {Count} writes the previous run saved to {Path} before anything else")]
        public static partial void SpoolFound(ILogger logger, int count, string path);

        [LoggerMessage(EventId = 1709, Level = LogLevel.Information, Message = "re-applied the {Count} writes of {Path}; the spool is removed")]
        public static partial void SpoolReapplied(ILogger logger, int count, string path);

        [LoggerMessage(EventId = 1710, Level = LogLevel.Error, Message = "the pending-writes spool cannot be read ({Cause}): none of it was applied; it is kept as {Aside} for inspection")]
        public static partial void SpoolUnreadable(ILogger logger, string cause, string aside);

        [LoggerMessage(EventId = 1711, Level = LogLevel.Error, Message = "the pending-writes spool {Path} ({Count} writes of epoch {Epoch}) is older than the last active process's writes: not applied; kept as {Aside}")]
        public static partial void SpoolStale(ILogger logger, string path, int count, long epoch, string aside);

        [LoggerMessage(EventId = 1705, Level = LogLevel.Error, Message = "dropping {Pending} writes: {Cause}")]
        public static partial void Fenced(ILogger logger, int pending, string cause);
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

    /// <summary>Writes an earlier run left in its pending-writes spool, re-applied at this start.</summary>
    long SpooledWritesReapplied { get; }

    /// <summary>The least time between two attempts while the database is away.</summary>
    TimeSpan RetryInterval { get; }

    /// <summary>Re-applies the waiting writes if it is time to try again; true when none is left.</summary>
    bool TryCatchUp();

    /// <summary>Re-applies the waiting writes now, whatever the retry interval (the daemon stops); true when none is left.</summary>
    bool TryCatchUpNow();
}
