using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Microsoft.Data.Sqlite;

namespace Clues.Core.Persistence;

/// <summary>
/// The CLUES database in a SQLite file, with CLUES' tables and columns (spec §8), so its reports and tools read it.
/// </summary>
/// <remarks>
/// FIX (spec §14 Q14, Q16): parameters instead of string formatting; request ids unique across restarts.
/// The statements written on every pass are prepared once. In <see cref="StoreWriteMode.Durable"/> mode (the daemon)
/// every change is committed when made; in <see cref="StoreWriteMode.Batched"/> mode (the simulator, whose file can be
/// regenerated) changes are grouped into transactions of <see cref="BatchWrites"/> rows, committed by
/// <see cref="Flush"/> and <see cref="Dispose"/>, because one commit per row is what limited a simulation's speed.
/// </remarks>
public sealed class SqliteCluesStore : ICluesStore
{
    /// <summary>Rows written per transaction in <see cref="StoreWriteMode.Batched"/> mode.</summary>
    public const int BatchWrites = 4096;

    private readonly SqliteConnection _connection;
    private readonly StoreWriteMode _mode;
    private readonly HashSet<string> _knownHosts = new(StringComparer.Ordinal);
    private readonly PreparedStatement _insertNode;
    private readonly PreparedStatement _insertRequest;
    private readonly PreparedStatement _updateRequest;
    private readonly PreparedStatement _saveNodeState;
    private readonly PreparedStatement _saveQueued;
    private readonly PreparedStatement _deleteQueued;
    private SqliteTransaction? _batch;
    private int _batchedWrites;

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>, committing every change when made.</summary>
    public SqliteCluesStore(string path)
        : this(path, StoreWriteMode.Durable)
    {
    }

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    /// <param name="path">The SQLite file; its folder must exist.</param>
    /// <param name="mode">Whether each change is committed when made, or in batches.</param>
    public SqliteCluesStore(string path, StoreWriteMode mode)
    {
        _mode = mode;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"the database folder '{directory}' does not exist (DB_CONNECTION_STRING)");
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        // Durable: a commit survives a crash of the process. Batched: a simulation's file is rewritten by running it again.
        Execute(mode == StoreWriteMode.Batched ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL");
        Execute("CREATE TABLE IF NOT EXISTS hostdata(name varchar(128) PRIMARY KEY, enabled bool)");
        Execute("CREATE TABLE IF NOT EXISTS host_monitoring(name varchar(128), timestamp_state INTEGER, slots_count INTEGER, slots_free INTEGER, memory_total INTEGER, memory_free INTEGER, state INTEGER, timestamp INTEGER, x INTEGER PRIMARY KEY)");
        Execute("CREATE TABLE IF NOT EXISTS requests(reqid varchar, timestamp_created INTEGER, timestamp_state INTEGER, state INTEGER, slots INTEGER, memory INTEGER, expressions varchar, taskcount INTEGER, maxtaskspernode INTEGER, jobid varchar, nodes varchar, x INTEGER PRIMARY KEY)");
        // The purge updates a request by id; without an index each update scans every request ever stored (a
        // simulation of days stores tens of thousands: Reconsider_Jobs re-asks for every waiting job each minute).
        // An index leaves the table as CLUES defines it.
        Execute("CREATE INDEX IF NOT EXISTS requests_reqid ON requests(reqid)");
        // Beyond CLUES (whose tables above stay unchanged so its reports still read the file): what a restart needs.
        Execute("CREATE TABLE IF NOT EXISTS node_state(name varchar(128) PRIMARY KEY, state INTEGER NOT NULL, timestamp_state REAL NOT NULL, timestamp_poweredon REAL NOT NULL, timestamp_poweredoff REAL NOT NULL, power_on_failures INTEGER NOT NULL, power_off_failures INTEGER NOT NULL)");
        Execute("CREATE TABLE IF NOT EXISTS request_queue(id INTEGER PRIMARY KEY, state INTEGER NOT NULL, timestamp_created REAL NOT NULL, timestamp_state REAL NOT NULL, timestamp_attended REAL NOT NULL, attended_retries INTEGER NOT NULL, slots REAL NOT NULL, memory REAL NOT NULL, expressions TEXT NOT NULL, taskcount INTEGER NOT NULL, maxtaskspernode INTEGER NOT NULL, jobid TEXT, nodes TEXT NOT NULL, booked TEXT NOT NULL, booked_at REAL NOT NULL)");
        foreach (var (name, _) in LoadHosts())
        {
            _knownHosts.Add(name);
        }
        _insertNode = new PreparedStatement(_connection,
            "INSERT INTO host_monitoring(name, timestamp_state, slots_count, slots_free, memory_total, memory_free, state, timestamp) VALUES ($name, $ts, $sc, $sf, $mt, $mf, $state, $now)");
        _insertRequest = new PreparedStatement(_connection,
            "INSERT INTO requests(reqid, timestamp_created, timestamp_state, state, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes) VALUES ($id, $tc, $ts, $state, $slots, $mem, $expr, $tasks, $max, $job, $nodes)");
        // CLUES truncates both values to integers here (%d).
        _updateRequest = new PreparedStatement(_connection, "UPDATE requests SET timestamp_state = $ts, state = $state WHERE reqid = $id");
        // The resume state is written on every scheduling pass that changed a queued request: prepared once too.
        _saveNodeState = new PreparedStatement(_connection,
            "INSERT OR REPLACE INTO node_state(name, state, timestamp_state, timestamp_poweredon, timestamp_poweredoff, power_on_failures, power_off_failures) VALUES ($name, $state, $ts, $on, $off, $onf, $offf)");
        _saveQueued = new PreparedStatement(_connection,
            "INSERT OR REPLACE INTO request_queue(id, state, timestamp_created, timestamp_state, timestamp_attended, attended_retries, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes, booked, booked_at) VALUES ($id, $state, $tc, $ts, $ta, $retries, $slots, $mem, $expr, $tasks, $max, $job, $nodes, $booked, $bookedAt)");
        _deleteQueued = new PreparedStatement(_connection, "DELETE FROM request_queue WHERE id = $id");
    }

    /// <summary>Commits the changes batched so far (nothing to do in <see cref="StoreWriteMode.Durable"/> mode).</summary>
    public void Flush()
    {
        if (_batch is null)
        {
            return;
        }
        _batch.Commit();
        _batch.Dispose();
        _batch = null;
        _batchedWrites = 0;
    }

    /// <summary>Opens the store named by a CLUES connection string: <c>sqlite://PATH</c>, or empty for memory only.</summary>
    public static ICluesStore Open(string connectionString)
    {
        var value = connectionString.Trim();
        if (value.Length == 0)
        {
            return new InMemoryCluesStore();
        }
        if (!value.StartsWith("sqlite://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"DB_CONNECTION_STRING '{connectionString}' is not supported: use sqlite://PATH (or empty for no persistence)");
        }
        return new SqliteCluesStore(value["sqlite://".Length..]);
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Name, bool Enabled)> LoadHosts()
    {
        using var command = Command("SELECT name, enabled FROM hostdata");
        using var reader = command.ExecuteReader();
        var hosts = new List<(string, bool)>();
        while (reader.Read())
        {
            hosts.Add((reader.GetString(0), ParseBool(reader.GetValue(1))));
        }
        return hosts;
    }

    /// <inheritdoc />
    public void SetHostEnabled(string name, bool enabled)
    {
        using var command = Command("INSERT INTO hostdata(name, enabled) VALUES ($name, $enabled) ON CONFLICT(name) DO UPDATE SET enabled = excluded.enabled");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$enabled", enabled ? "True" : "False");
        command.Transaction = WriteTransaction();
        command.ExecuteNonQuery();
        Written(1);
        _knownHosts.Add(name);
    }

    /// <inheritdoc />
    public void StoreNode(Node node, double now)
    {
        _insertNode.Execute(WriteTransaction(), node.Name, node.TimestampState, node.SlotsCount, node.SlotsFree, node.MemoryTotal,
            node.MemoryFree, (int)node.State, now);
        Written(1);
        if (!_knownHosts.Contains(node.Name))
        {
            SetHostEnabled(node.Name, true);
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNode> LatestNodes()
    {
        using var command = Command("SELECT m.name, m.timestamp_state, m.slots_count, m.slots_free, m.memory_total, m.memory_free, m.state, m.timestamp FROM host_monitoring m JOIN (SELECT name, max(x) AS x FROM host_monitoring GROUP BY name) last ON m.x = last.x");
        using var reader = command.ExecuteReader();
        var nodes = new Dictionary<string, StoredNode>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var name = reader.GetString(0);
            nodes[name] = new StoredNode(name, reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetInt32(6), reader.GetDouble(7));
        }
        return nodes;
    }

    /// <inheritdoc />
    public void StoreRequest(Request request)
    {
        // FIX: CLUES truncates these to integers (%d), so a request for 1.5 slots was reported as 1. Whole values are
        // still stored as integers (INTEGER affinity), as CLUES' report scripts expect.
        _insertRequest.Execute(WriteTransaction(), request.Id.ToString(CultureInfo.InvariantCulture), request.TimestampCreated,
            request.TimestampState, (int)request.State, request.Resources.Slots, request.Resources.Memory,
            PythonJson.StringList(request.Resources.Expressions), request.Resources.TaskCount, request.Resources.MaxTasksPerNode,
            request.JobId ?? "null", PythonJson.StringList(request.JobNodeIds));
        Written(1);
    }

    /// <inheritdoc />
    public void UpdateRequest(Request request)
    {
        _updateRequest.Execute(WriteTransaction(), (long)request.TimestampState, (int)request.State, request.Id.ToString(CultureInfo.InvariantCulture));
        Written(1);
    }

    /// <inheritdoc />
    public long MaxRequestId()
    {
        using var command = Command("SELECT max(coalesce((SELECT max(CAST(reqid AS INTEGER)) FROM requests), 0), coalesce((SELECT max(id) FROM request_queue), 0))");
        return command.ExecuteScalar() is long max ? max : 0;
    }

    /// <inheritdoc />
    public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes)
    {
        if (nodes.Count == 0)
        {
            return;
        }
        using var own = _mode == StoreWriteMode.Durable ? _connection.BeginTransaction() : null;
        var transaction = own ?? WriteTransaction();
        foreach (var node in nodes)
        {
            _saveNodeState.Execute(transaction, node.Name, (int)node.State, node.TimestampState, node.TimestampPoweredOn,
                node.TimestampPoweredOff, node.PowerOnFailures, node.PowerOffFailures);
        }
        own?.Commit();
        Written(nodes.Count);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates()
    {
        using var command = Command("SELECT name, state, timestamp_state, timestamp_poweredon, timestamp_poweredoff, power_on_failures, power_off_failures FROM node_state");
        using var reader = command.ExecuteReader();
        var nodes = new Dictionary<string, StoredNodeState>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var name = reader.GetString(0);
            nodes[name] = new StoredNodeState(name, (Model.NodeState)reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetInt32(5), reader.GetInt32(6));
        }
        return nodes;
    }

    /// <inheritdoc />
    public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed)
    {
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }
        using var own = _mode == StoreWriteMode.Durable ? _connection.BeginTransaction() : null;
        var transaction = own ?? WriteTransaction();
        foreach (var removedId in removed)
        {
            _deleteQueued.Execute(transaction, removedId);
        }
        foreach (var request in changed)
        {
            _saveQueued.Execute(transaction, request.Id, (int)request.State, request.TimestampCreated, request.TimestampState,
                request.TimestampAttended, request.AttendedRetries, request.Resources.Slots, request.Resources.Memory,
                JsonSerializer.Serialize(request.Resources.Expressions), request.Resources.TaskCount, request.Resources.MaxTasksPerNode,
                (object?)request.JobId ?? DBNull.Value, JsonSerializer.Serialize(request.JobNodeIds), JsonSerializer.Serialize(request.BookedNodes),
                request.BookedAt);
        }
        own?.Commit();
        Written(changed.Count + removed.Count);
    }

    /// <inheritdoc />
    public IReadOnlyList<QueuedRequest> LoadQueue()
    {
        using var command = Command("SELECT id, state, timestamp_created, timestamp_state, timestamp_attended, attended_retries, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes, booked, booked_at FROM request_queue ORDER BY id");
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
    }

    private static string[] StringList(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    /// <summary>Commits what is batched and closes the file.</summary>
    public void Dispose()
    {
        Flush();
        _insertNode.Dispose();
        _insertRequest.Dispose();
        _updateRequest.Dispose();
        _saveNodeState.Dispose();
        _saveQueued.Dispose();
        _deleteQueued.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    /// <summary>A command that sees (and joins) the open batch, if any.</summary>
    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _batch;
        return command;
    }

    /// <summary>The transaction a write joins: none (autocommit) when durable, else the open batch.</summary>
    private SqliteTransaction? WriteTransaction() =>
        _mode == StoreWriteMode.Durable ? null : _batch ??= _connection.BeginTransaction();

    private void Written(int rows)
    {
        if (_batch is not null && (_batchedWrites += rows) >= BatchWrites)
        {
            Flush();
        }
    }

    /// <summary>A statement prepared once and run with positional values for its parameters, in order of appearance.</summary>
    private sealed class PreparedStatement : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public PreparedStatement(SqliteConnection connection, string sql)
        {
            _command = connection.CreateCommand();
            _command.CommandText = sql;
            // Untyped parameters: each value binds by its own type, as AddWithValue did.
            _parameters = Regex.Matches(sql, @"\$\w+").Select(m => m.Value).Distinct()
                .Select(name => _command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        }

        public void Execute(SqliteTransaction? transaction, params ReadOnlySpan<object> values)
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _parameters[i].Value = values[i];
            }
            _command.Transaction = transaction;
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }

    private static bool ParseBool(object value) =>
        value is string s ? s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || s.Trim() == "1"
        : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;
}

/// <summary>How a <see cref="SqliteCluesStore"/> commits.</summary>
public enum StoreWriteMode
{
    /// <summary>Every change is committed when made (the daemon: a crash loses nothing already reported).</summary>
    Durable,

    /// <summary>Changes are committed in large transactions (a simulation, whose database can be regenerated).</summary>
    Batched,
}
