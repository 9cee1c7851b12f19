using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Clues.Core.Persistence.Sql;
using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Core.Persistence;

/// <summary>
/// The CLUES database with CLUES' tables and columns (spec §8), so its reports and tools read it, and the project's
/// resume tables; on any database a <see cref="SqlDialect"/> describes (SQLite, MariaDB/MySQL).
/// </summary>
/// <remarks>
/// FIX (spec §14 Q14, Q16): parameters instead of string formatting; request ids unique across restarts; valid DDL on
/// MySQL. The statements written on every pass are prepared once per connection. In <see cref="StoreWriteMode.Durable"/>
/// mode (the daemon) the writes between <see cref="BeginWrites"/> and <see cref="CommitWrites"/> (a turn of the daemon's
/// loop) are one transaction, and a write outside them is committed when made; with an <see cref="IWriteFence"/>, every
/// commit first checks, inside the transaction, that the lease still names this process's term. In
/// <see cref="StoreWriteMode.Batched"/> mode (the simulator, whose database can be regenerated) changes are grouped into
/// transactions of <see cref="BatchWrites"/> rows, committed by <see cref="Flush"/> and <see cref="Dispose()"/>, because
/// one commit per row is what limited a simulation's speed. A failed statement throws <see cref="DatabaseException"/>,
/// rolls back the open transaction and drops the connection; the next call opens a new one, so the store works again
/// once the database is back.
/// </remarks>
public class SqlCluesStore : ICluesStore, ITransactionalStore
{
    /// <summary>Rows written per transaction in <see cref="StoreWriteMode.Batched"/> mode.</summary>
    public const int BatchWrites = 4096;

    private static readonly string[] NodeColumns = [.. CluesSchema.Written(CluesSchema.HostMonitoring)];
    private static readonly string[] RequestColumns = [.. CluesSchema.Written(CluesSchema.Requests)];
    private static readonly string[] NodeStateColumns = [.. CluesSchema.Written(CluesSchema.NodeState)];
    private static readonly string[] QueueColumns = [.. CluesSchema.Written(CluesSchema.RequestQueue)];

    private readonly SqlDialect _dialect;
    private readonly StoreWriteMode _mode;
    private readonly HashSet<string> _knownHosts = new(StringComparer.Ordinal);
    // Hosts registered in the open transaction: known only once it commits (a rollback takes their rows away).
    private readonly HashSet<string> _newHosts = new(StringComparer.Ordinal);
    private readonly string _insertNodeSql;
    private readonly string _insertRequestSql;
    private readonly string _upsertHostSql;
    private readonly string _upsertNodeStateSql;
    private readonly string _upsertQueueSql;
    private readonly IWriteFence? _fence;
    private readonly string _leaseSql;
    private Session? _session;
    private int _batchedWrites;
    private bool _grouping;

    /// <summary>Opens the database (creating CLUES' tables and the project's if missing).</summary>
    /// <param name="dialect">The database.</param>
    /// <param name="mode">Whether changes are committed per turn, or in batches.</param>
    /// <param name="fence">The lease every commit is checked against (an active/standby pair); null for a single process.</param>
    /// <exception cref="DatabaseException">The database cannot be reached or its tables cannot be created.</exception>
    public SqlCluesStore(SqlDialect dialect, StoreWriteMode mode, IWriteFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _mode = mode;
        _fence = fence;
        _leaseSql = dialect.LockedRead("SELECT holder, epoch FROM clues_leader WHERE id = 1");
        _insertNodeSql = Insert(CluesSchema.HostMonitoring.Name, NodeColumns);
        _insertRequestSql = Insert(CluesSchema.Requests.Name, RequestColumns);
        _upsertHostSql = dialect.Upsert(CluesSchema.HostData.Name, ["name", "enabled"]);
        _upsertNodeStateSql = dialect.Upsert(CluesSchema.NodeState.Name, NodeStateColumns);
        _upsertQueueSql = dialect.Upsert(CluesSchema.RequestQueue.Name, QueueColumns);
        try
        {
            Run("creating the tables", session =>
            {
                foreach (var statement in CluesSchema.All.SelectMany(dialect.CreateTable))
                {
                    using var command = session.Command(statement);
                    command.ExecuteNonQuery();
                }
            });
            foreach (var (name, _) in LoadHosts())
            {
                _knownHosts.Add(name);
            }
        }
        catch
        {
            _session?.Dispose();
            throw;
        }
    }

    /// <summary>The database, for messages (never with its password).</summary>
    public string Description => _dialect.Description;

    /// <summary>Commits the changes batched so far (nothing to do in <see cref="StoreWriteMode.Durable"/> mode).</summary>
    public void Flush()
    {
        if (_mode != StoreWriteMode.Batched || _session?.Transaction is null)
        {
            return;
        }
        Run("committing", session => session.Commit());
        Committed();
        _batchedWrites = 0;
    }

    /// <inheritdoc />
    /// <remarks>Nothing to do in <see cref="StoreWriteMode.Batched"/> mode, where writes are committed in batches.</remarks>
    public void BeginWrites() => _grouping = _mode == StoreWriteMode.Durable;

    /// <inheritdoc />
    public void CommitWrites()
    {
        if (!_grouping)
        {
            return;
        }
        _grouping = false;
        if (_session?.Transaction is null)
        {
            return;
        }
        string? lost = null;
        Run("committing", session =>
        {
            lost = _fence is null ? null : FenceBroken(session);
            if (lost is null)
            {
                session.Commit();
            }
            else
            {
                session.Rollback();
            }
        });
        if (lost is null)
        {
            Committed();
        }
        else
        {
            _newHosts.Clear();
        }
        if (lost is not null)
        {
            // Only after the rollback: stepping down renews the lease on its own connection, which this transaction's locks would hold up.
            _fence!.Lost(lost);
            throw new WritesFencedException($"{Description}: writes not committed: {lost}");
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => Run("reading hostdata", session =>
    {
        using var command = session.Command("SELECT name, enabled FROM hostdata");
        using var reader = command.ExecuteReader();
        var hosts = new List<(string, bool)>();
        while (reader.Read())
        {
            hosts.Add((reader.GetString(0), ParseBool(reader.GetValue(1))));
        }
        return hosts;
    });

    /// <inheritdoc />
    public void SetHostEnabled(string name, bool enabled)
    {
        Write("writing hostdata", 1, session =>
        {
            var command = session.Prepared(_upsertHostSql);
            Bind(command, name, enabled ? "True" : "False");
            command.ExecuteNonQuery();
            _newHosts.Add(name);
        });
    }

    /// <inheritdoc />
    public void StoreNode(Node node, double now)
    {
        // The host first: a write re-applied after a failure between the two then adds no second host_monitoring row.
        if (!_knownHosts.Contains(node.Name) && !_newHosts.Contains(node.Name))
        {
            SetHostEnabled(node.Name, true);
        }
        Write("writing host_monitoring", 1, session =>
        {
            var command = session.Prepared(_insertNodeSql);
            Bind(command, node.Name, node.TimestampState, node.SlotsCount, node.SlotsFree, node.MemoryTotal, node.MemoryFree, (int)node.State, now);
            command.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNode> LatestNodes() => Run("reading host_monitoring", session =>
    {
        using var command = session.Command("SELECT m.name, m.timestamp_state, m.slots_count, m.slots_free, m.memory_total, m.memory_free, m.state, m.timestamp FROM host_monitoring m JOIN (SELECT name, max(x) AS x FROM host_monitoring GROUP BY name) last ON m.x = last.x");
        using var reader = command.ExecuteReader();
        var nodes = new Dictionary<string, StoredNode>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var name = reader.GetString(0);
            nodes[name] = new StoredNode(name, reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetInt32(6), reader.GetDouble(7));
        }
        return nodes;
    });

    /// <inheritdoc />
    public void StoreRequest(Request request)
    {
        // FIX: CLUES truncates these to integers (%d), so a request for 1.5 slots was reported as 1. Whole values are
        // still stored as integers in SQLite (INTEGER affinity), as CLUES' report scripts expect.
        Write("writing requests", 1, session =>
        {
            var command = session.Prepared(_insertRequestSql);
            Bind(command, request.Id.ToString(CultureInfo.InvariantCulture), request.TimestampCreated, request.TimestampState,
                (int)request.State, request.Resources.Slots, request.Resources.Memory, PythonJson.StringList(request.Resources.Expressions),
                request.Resources.TaskCount, request.Resources.MaxTasksPerNode, request.JobId ?? "null", PythonJson.StringList(request.JobNodeIds));
            command.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public void UpdateRequest(Request request)
    {
        // CLUES truncates both values to integers here (%d).
        Write("updating requests", 1, session =>
        {
            var command = session.Prepared("UPDATE requests SET timestamp_state = @timestamp_state, state = @state WHERE reqid = @reqid");
            Bind(command, (long)request.TimestampState, (int)request.State, request.Id.ToString(CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public long MaxRequestId() => Run("reading the highest request id", session =>
    {
        long max = 0;
        foreach (var sql in new[] { $"SELECT max({_dialect.CastToInteger("reqid")}) FROM requests", "SELECT max(id) FROM request_queue" })
        {
            using var command = session.Command(sql);
            if (command.ExecuteScalar() is { } value and not DBNull)
            {
                max = Math.Max(max, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
        }
        return max;
    });

    /// <inheritdoc />
    public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes)
    {
        if (nodes.Count == 0)
        {
            return;
        }
        Write("writing node_state", nodes.Count, session =>
        {
            var command = session.Prepared(_upsertNodeStateSql);
            foreach (var node in nodes)
            {
                Bind(command, node.Name, (int)node.State, node.TimestampState, node.TimestampPoweredOn, node.TimestampPoweredOff,
                    node.PowerOnFailures, node.PowerOffFailures);
                command.ExecuteNonQuery();
            }
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => Run("reading node_state", session =>
    {
        using var command = session.Command($"SELECT {string.Join(", ", NodeStateColumns)} FROM node_state");
        using var reader = command.ExecuteReader();
        var nodes = new Dictionary<string, StoredNodeState>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var name = reader.GetString(0);
            nodes[name] = new StoredNodeState(name, (Model.NodeState)reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetInt32(5), reader.GetInt32(6));
        }
        return nodes;
    });

    /// <inheritdoc />
    public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed)
    {
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }
        Write("writing request_queue", changed.Count + removed.Count, session =>
        {
            var delete = session.Prepared("DELETE FROM request_queue WHERE id = @id");
            foreach (var removedId in removed)
            {
                Bind(delete, removedId);
                delete.ExecuteNonQuery();
            }
            var upsert = session.Prepared(_upsertQueueSql);
            foreach (var request in changed)
            {
                Bind(upsert, request.Id, (int)request.State, request.TimestampCreated, request.TimestampState, request.TimestampAttended,
                    request.AttendedRetries, request.Resources.Slots, request.Resources.Memory, JsonSerializer.Serialize(request.Resources.Expressions),
                    request.Resources.TaskCount, request.Resources.MaxTasksPerNode, request.JobId, JsonSerializer.Serialize(request.JobNodeIds),
                    JsonSerializer.Serialize(request.BookedNodes), request.BookedAt);
                upsert.ExecuteNonQuery();
            }
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<QueuedRequest> LoadQueue() => Run("reading request_queue", session =>
    {
        using var command = session.Command($"SELECT {string.Join(", ", QueueColumns)} FROM request_queue ORDER BY id");
        using var reader = command.ExecuteReader();
        var queue = new List<QueuedRequest>();
        while (reader.Read())
        {
            var resources = new Model.Resources(reader.GetDouble(6), reader.GetDouble(7), StringList(reader.GetString(8)),
                reader.GetInt32(9), reader.GetInt32(10));
            queue.Add(new QueuedRequest(reader.GetInt64(0), resources, (Model.RequestState)reader.GetInt32(1), reader.GetDouble(2),
                reader.GetDouble(3), reader.GetDouble(4), reader.GetInt32(5), reader.IsDBNull(11) ? null : reader.GetString(11),
                StringList(reader.GetString(12)), StringList(reader.GetString(13)), reader.GetDouble(14)));
        }
        return queue;
    });

    /// <summary>Commits what is batched and closes the connection.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Commits what is batched (when <paramref name="disposing"/>) and closes the connection.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }
        try
        {
            Flush();
        }
        finally
        {
            _session?.Dispose();
            _session = null;
        }
    }

    private static string[] StringList(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static string Insert(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";

    /// <summary>Sets the parameters of a prepared command, in order of creation.</summary>
    private static void Bind(DbCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private void Run(string doing, Action<Session> action) => Run<object?>(doing, session =>
    {
        action(session);
        return null;
    });

    /// <summary>
    /// Runs <paramref name="action"/> on the open connection (opening one if needed); a database failure drops the
    /// connection (rolling back the open transaction, which ends a turn's group) and becomes a
    /// <see cref="DatabaseException"/> naming the database and the step.
    /// </summary>
    private T Run<T>(string doing, Func<Session, T> action)
    {
        try
        {
            _session ??= new Session(_dialect.Open(_mode));
            return action(_session);
        }
        catch (Exception ex) when (_dialect.IsDatabaseError(ex))
        {
            _session?.Dispose();
            _session = null;
            _batchedWrites = 0;
            _grouping = false;
            _newHosts.Clear();
            throw _dialect.Failure(ex, doing);
        }
    }

    private void Committed()
    {
        _knownHosts.UnionWith(_newHosts);
        _newHosts.Clear();
    }

    /// <summary>
    /// Runs a write in the open transaction: the batch, or the turn's group; a durable write outside a turn is a
    /// transaction of its own, committed (and fenced) at once.
    /// </summary>
    private void Write(string doing, int rows, Action<Session> write)
    {
        var alone = _mode == StoreWriteMode.Durable && !_grouping;
        if (alone)
        {
            BeginWrites();
        }
        Run(doing, write);
        if (alone)
        {
            CommitWrites();
        }
        else if (_mode == StoreWriteMode.Batched && (_batchedWrites += rows) >= BatchWrites)
        {
            Flush();
        }
    }

    /// <summary>
    /// Inside the open transaction: why the lease no longer names this process's term, or null if it does. The read
    /// locks the lease row (MariaDB) or runs under the transaction's write lock (SQLite), so no takeover can commit
    /// between this check and the commit.
    /// </summary>
    private string? FenceBroken(Session session)
    {
        if (_fence!.Term is not var (holder, epoch))
        {
            return "this process no longer acts (it stepped down)";
        }
        using var command = session.Command(_leaseSql);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return "the database has no leader lease";
        }
        var (current, currentEpoch) = (reader.GetString(0), reader.GetInt64(1));
        return current == holder && currentEpoch == epoch ? null
            : $"the lease is held by '{current}' (epoch {currentEpoch}), not by this process (epoch {epoch})";
    }

    private static bool ParseBool(object value) =>
        value is string s ? s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || s.Trim() == "1"
        : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;

    /// <summary>One open connection, the statements prepared on it, and the open transaction, if any.</summary>
    private sealed class Session(DbConnection connection) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

        /// <summary>The open transaction (a batch, or a turn's writes), begun by the first write.</summary>
        public DbTransaction? Transaction { get; private set; }

        /// <summary>A one-off command that sees (and joins) the open transaction, if any.</summary>
        public DbCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            return command;
        }

        /// <summary>
        /// The command for <paramref name="sql"/>, made once per connection with one untyped parameter per <c>@name</c>
        /// (in order of appearance; each value binds by its own type), joined to the open transaction (begun if none).
        /// </summary>
        public DbCommand Prepared(string sql)
        {
            if (!_prepared.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var name in ParameterNames(sql))
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    command.Parameters.Add(parameter);
                }
                _prepared.Add(sql, command);
            }
            command.Transaction = Transaction ??= connection.BeginTransaction();
            return command;
        }

        public void Commit()
        {
            Transaction?.Commit();
            Transaction?.Dispose();
            Transaction = null;
        }

        public void Rollback()
        {
            Transaction?.Rollback();
            Transaction?.Dispose();
            Transaction = null;
        }

        public void Dispose()
        {
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }
            Transaction?.Dispose();
            connection.Dispose();
        }

        private static IEnumerable<string> ParameterNames(string sql) =>
            System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct();
    }
}

/// <summary>How a <see cref="SqlCluesStore"/> commits.</summary>
public enum StoreWriteMode
{
    /// <summary>
    /// The changes of a turn of the daemon's loop are committed at its end, before any API answer; changes outside a
    /// turn when made (the daemon: a crash loses nothing already reported).
    /// </summary>
    Durable,

    /// <summary>Changes are committed in large transactions (a simulation, whose database can be regenerated).</summary>
    Batched,
}
