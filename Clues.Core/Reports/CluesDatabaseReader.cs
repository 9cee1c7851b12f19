using System.Globalization;
using Clues.Core.Model;
using Microsoft.Data.Sqlite;

namespace Clues.Core.Reports;

/// <summary>
/// Reads CLUES' history tables (<c>host_monitoring</c>, <c>requests</c>; spec §8) from a database file, read-only, so
/// it works on a copy, on a stopped daemon's file, and beside a running daemon (the store writes in WAL mode).
/// </summary>
public sealed class CluesDatabaseReader : IDisposable
{
    private static readonly string[] HostColumns = ["name", "timestamp_state", "slots_count", "slots_free", "memory_total", "memory_free", "state", "timestamp", "x"];
    private static readonly string[] RequestColumns = ["reqid", "timestamp_created", "timestamp_state", "state", "slots", "memory", "taskcount", "x"];
    private readonly SqliteConnection _connection;

    private CluesDatabaseReader(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens a CLUES database file for reading.</summary>
    /// <exception cref="ReportException">The file does not exist, is not an SQLite database, or lacks CLUES' tables.</exception>
    public static CluesDatabaseReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportException($"the database file '{path}' does not exist");
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            RequireTable(connection, path, "host_monitoring", HostColumns);
            RequireTable(connection, path, "requests", RequestColumns);
            return new CluesDatabaseReader(connection);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            // SQLITE_NOTADB (26) for a file of something else; SQLITE_CORRUPT (11) for a damaged one.
            throw new ReportException($"'{path}' is not a CLUES database: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The first and last instants the database holds (rows written, requests created), or null if it holds none.</summary>
    public (double First, double Last)? Extent()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT min(t), max(t) FROM (SELECT min(timestamp) AS t FROM host_monitoring UNION ALL SELECT max(timestamp) FROM host_monitoring UNION ALL SELECT min(timestamp_created) FROM requests UNION ALL SELECT max(timestamp_created) FROM requests)";
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0) ? (reader.GetDouble(0), reader.GetDouble(1)) : null;
    }

    /// <summary>The latest row of every host written before <paramref name="time"/>: each host's state when a period begins.</summary>
    public IReadOnlyList<HostSample> HostsBefore(double time) => ReadHosts(
        "SELECT name, timestamp, slots_count, slots_free, memory_total, memory_free, state FROM host_monitoring WHERE x IN (SELECT max(x) FROM host_monitoring WHERE timestamp < $from GROUP BY name)",
        time, time);

    /// <summary>The rows written in [<paramref name="from"/>, <paramref name="to"/>], in the order they were written.</summary>
    public IReadOnlyList<HostSample> HostsBetween(double from, double to) => ReadHosts(
        "SELECT name, timestamp, slots_count, slots_free, memory_total, memory_free, state FROM host_monitoring WHERE timestamp >= $from AND timestamp <= $to ORDER BY timestamp, x",
        from, to);

    /// <summary>The requests created in [<paramref name="from"/>, <paramref name="to"/>], in creation order.</summary>
    public IReadOnlyList<RequestRecord> RequestsBetween(double from, double to)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT reqid, timestamp_created, timestamp_state, state, slots, memory, taskcount FROM requests WHERE timestamp_created >= $from AND timestamp_created <= $to ORDER BY timestamp_created, x";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var requests = new List<RequestRecord>();
        while (reader.Read())
        {
            requests.Add(new RequestRecord(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? "",
                Number(reader, 1), Number(reader, 2), (RequestState)reader.GetInt32(3), Number(reader, 4), Number(reader, 5),
                reader.IsDBNull(6) ? 1 : reader.GetInt32(6)));
        }
        return requests;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private List<HostSample> ReadHosts(string sql, double from, double to)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var samples = new List<HostSample>();
        while (reader.Read())
        {
            samples.Add(new HostSample(reader.GetString(0), Number(reader, 1), Number(reader, 2), Number(reader, 3),
                Number(reader, 4), Number(reader, 5), (NodeState)reader.GetInt32(6)));
        }
        return samples;
    }

    // CLUES' columns have no declared types beyond affinity: a value may come back as an integer, a real or NULL.
    private static double Number(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? 0 : reader.GetDouble(column);

    private static void RequireTable(SqliteConnection connection, string path, string table, IReadOnlyList<string> columns)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }
        if (present.Count == 0)
        {
            throw new ReportException($"'{path}' is not a CLUES database: it has no '{table}' table");
        }
        var missing = columns.Where(c => !present.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new ReportException($"'{path}' is not a CLUES database: its '{table}' table lacks the column(s) {string.Join(", ", missing)}");
        }
    }
}
