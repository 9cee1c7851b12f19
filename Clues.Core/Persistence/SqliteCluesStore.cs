using System.Globalization;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Microsoft.Data.Sqlite;

namespace Clues.Core.Persistence;

/// <summary>
/// The CLUES database in a SQLite file, with CLUES' tables and columns (spec §8), so its reports and tools read it.
/// </summary>
/// <remarks>FIX (spec §14 Q14, Q16): parameters instead of string formatting; request ids unique across restarts.</remarks>
public sealed class SqliteCluesStore : ICluesStore
{
    private readonly SqliteConnection _connection;
    private readonly HashSet<string> _knownHosts = new(StringComparer.Ordinal);

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    public SqliteCluesStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"the database folder '{directory}' does not exist (DB_CONNECTION_STRING)");
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        Execute("CREATE TABLE IF NOT EXISTS hostdata(name varchar(128) PRIMARY KEY, enabled bool)");
        Execute("CREATE TABLE IF NOT EXISTS host_monitoring(name varchar(128), timestamp_state INTEGER, slots_count INTEGER, slots_free INTEGER, memory_total INTEGER, memory_free INTEGER, state INTEGER, timestamp INTEGER, x INTEGER PRIMARY KEY)");
        Execute("CREATE TABLE IF NOT EXISTS requests(reqid varchar, timestamp_created INTEGER, timestamp_state INTEGER, state INTEGER, slots INTEGER, memory INTEGER, expressions varchar, taskcount INTEGER, maxtaskspernode INTEGER, jobid varchar, nodes varchar, x INTEGER PRIMARY KEY)");
        foreach (var (name, _) in LoadHosts())
        {
            _knownHosts.Add(name);
        }
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
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name, enabled FROM hostdata";
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
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO hostdata(name, enabled) VALUES ($name, $enabled) ON CONFLICT(name) DO UPDATE SET enabled = excluded.enabled";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$enabled", enabled ? "True" : "False");
        command.ExecuteNonQuery();
        _knownHosts.Add(name);
    }

    /// <inheritdoc />
    public void StoreNode(Node node, double now)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO host_monitoring(name, timestamp_state, slots_count, slots_free, memory_total, memory_free, state, timestamp) VALUES ($name, $ts, $sc, $sf, $mt, $mf, $state, $now)";
        command.Parameters.AddWithValue("$name", node.Name);
        command.Parameters.AddWithValue("$ts", node.TimestampState);
        command.Parameters.AddWithValue("$sc", node.SlotsCount);
        command.Parameters.AddWithValue("$sf", node.SlotsFree);
        command.Parameters.AddWithValue("$mt", node.MemoryTotal);
        command.Parameters.AddWithValue("$mf", node.MemoryFree);
        command.Parameters.AddWithValue("$state", (int)node.State);
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
        if (!_knownHosts.Contains(node.Name))
        {
            SetHostEnabled(node.Name, true);
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNode> LatestNodes()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT m.name, m.timestamp_state, m.slots_count, m.slots_free, m.memory_total, m.memory_free, m.state, m.timestamp FROM host_monitoring m JOIN (SELECT name, max(x) AS x FROM host_monitoring GROUP BY name) last ON m.x = last.x";
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
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO requests(reqid, timestamp_created, timestamp_state, state, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes) VALUES ($id, $tc, $ts, $state, $slots, $mem, $expr, $tasks, $max, $job, $nodes)";
        command.Parameters.AddWithValue("$id", request.Id.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$tc", request.TimestampCreated);
        command.Parameters.AddWithValue("$ts", request.TimestampState);
        command.Parameters.AddWithValue("$state", (int)request.State);
        command.Parameters.AddWithValue("$slots", (long)request.Resources.Slots);
        command.Parameters.AddWithValue("$mem", (long)request.Resources.Memory);
        command.Parameters.AddWithValue("$expr", PythonJson.StringList(request.Resources.Expressions));
        command.Parameters.AddWithValue("$tasks", request.Resources.TaskCount);
        command.Parameters.AddWithValue("$max", request.Resources.MaxTasksPerNode);
        command.Parameters.AddWithValue("$job", request.JobId ?? "null");
        command.Parameters.AddWithValue("$nodes", PythonJson.StringList(request.JobNodeIds));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void UpdateRequest(Request request)
    {
        using var command = _connection.CreateCommand();
        // CLUES truncates both values to integers here (%d).
        command.CommandText = "UPDATE requests SET timestamp_state = $ts, state = $state WHERE reqid = $id";
        command.Parameters.AddWithValue("$ts", (long)request.TimestampState);
        command.Parameters.AddWithValue("$state", (int)request.State);
        command.Parameters.AddWithValue("$id", request.Id.ToString(CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public long MaxRequestId()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT max(CAST(reqid AS INTEGER)) FROM requests";
        return command.ExecuteScalar() is long max ? max : 0;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool ParseBool(object value) =>
        value is string s ? s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || s.Trim() == "1"
        : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;
}
