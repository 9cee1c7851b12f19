using System.Data.Common;
using System.Globalization;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Clues.Core.Reports;

/// <summary>
/// Reads CLUES' history tables (<c>host_monitoring</c>, <c>requests</c>; spec §8) from a database file, read-only, so
/// it works on a copy, on a stopped daemon's file, and beside a running daemon (the store writes in WAL mode); or
/// from the MariaDB/MySQL database a <c>mysql://</c> string names.
/// </summary>
public sealed class CluesDatabaseReader : IDisposable
{
    private static readonly string[] HostColumns = ["name", "timestamp_state", "slots_count", "slots_free", "memory_total", "memory_free", "state", "timestamp", "x"];
    private static readonly string[] RequestColumns = ["reqid", "timestamp_created", "timestamp_state", "state", "slots", "memory", "taskcount", "x"];
    private readonly DbConnection _connection;

    private CluesDatabaseReader(DbConnection connection) => _connection = connection;

    /// <summary>The open connection, for the other readers of CLUES' tables (the <c>cluesdata</c> export).</summary>
    internal DbConnection Connection => _connection;

    /// <summary>Opens a CLUES database for reading: a SQLite file, or a <c>sqlite://</c> or <c>mysql://</c> connection string.</summary>
    /// <exception cref="ReportException">
    /// The file does not exist, is not an SQLite database, or lacks CLUES' tables; or the server cannot be used (the
    /// message says why, without the password).
    /// </exception>
    public static CluesDatabaseReader Open(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase))
        {
            return OpenServer(database);
        }
        var path = database.StartsWith("sqlite://", StringComparison.Ordinal) ? database["sqlite://".Length..] : database;
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
            RequireTable(connection, $"'{path}'", "SELECT name FROM pragma_table_info(@table)", "host_monitoring", HostColumns);
            RequireTable(connection, $"'{path}'", "SELECT name FROM pragma_table_info(@table)", "requests", RequestColumns);
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

    private static CluesDatabaseReader OpenServer(string connectionString)
    {
        if (!DatabaseConnectionString.TryParse(connectionString, out var parsed, out var error))
        {
            throw new ReportException($"'{DatabaseConnectionString.Redact(connectionString)}': {error}");
        }
        var dialect = new MySqlDialect(parsed);
        DbConnection connection;
        try
        {
            connection = dialect.Open(StoreWriteMode.Durable);
        }
        catch (DatabaseException ex)
        {
            throw new ReportException(ex.Message, ex);
        }
        try
        {
            const string columns = "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = @table";
            RequireTable(connection, parsed.ToString(), columns, "host_monitoring", HostColumns);
            RequireTable(connection, parsed.ToString(), columns, "requests", RequestColumns);
            return new CluesDatabaseReader(connection);
        }
        catch (Exception ex) when (dialect.IsDatabaseError(ex))
        {
            connection.Dispose();
            throw new ReportException(dialect.Failure(ex, "reading CLUES' tables").Message, ex);
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
        command.CommandText = "SELECT min(t), max(t) FROM (SELECT min(timestamp) AS t FROM host_monitoring UNION ALL SELECT max(timestamp) FROM host_monitoring UNION ALL SELECT min(timestamp_created) FROM requests UNION ALL SELECT max(timestamp_created) FROM requests) AS extent";
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0) ? (reader.GetDouble(0), reader.GetDouble(1)) : null;
    }

    /// <summary>The latest row of every host written before <paramref name="time"/>: each host's state when a period begins.</summary>
    public IReadOnlyList<HostSample> HostsBefore(double time) => ReadHosts(
        "SELECT name, timestamp, slots_count, slots_free, memory_total, memory_free, state FROM host_monitoring WHERE x IN (SELECT max(x) FROM host_monitoring WHERE timestamp < @from GROUP BY name)",
        time, time);

    /// <summary>The rows written in [<paramref name="from"/>, <paramref name="to"/>], in the order they were written.</summary>
    public IReadOnlyList<HostSample> HostsBetween(double from, double to) => ReadHosts(
        "SELECT name, timestamp, slots_count, slots_free, memory_total, memory_free, state FROM host_monitoring WHERE timestamp >= @from AND timestamp <= @to ORDER BY timestamp, x",
        from, to);

    /// <summary>The requests created in [<paramref name="from"/>, <paramref name="to"/>], in creation order.</summary>
    public IReadOnlyList<RequestRecord> RequestsBetween(double from, double to)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT reqid, timestamp_created, timestamp_state, state, slots, memory, taskcount FROM requests WHERE timestamp_created >= @from AND timestamp_created <= @to ORDER BY timestamp_created, x";
        AddParameter(command, "@from", from);
        AddParameter(command, "@to", to);
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
        AddParameter(command, "@from", from);
        AddParameter(command, "@to", to);
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
    private static double Number(DbDataReader reader, int column) => reader.IsDBNull(column) ? 0 : reader.GetDouble(column);

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void RequireTable(DbConnection connection, string database, string columnsQuery, string table, IReadOnlyList<string> columns)
    {
        using var command = connection.CreateCommand();
        command.CommandText = columnsQuery;
        AddParameter(command, "@table", table);
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
            throw new ReportException($"{database} is not a CLUES database: it has no '{table}' table");
        }
        var missing = columns.Where(c => !present.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new ReportException($"{database} is not a CLUES database: its '{table}' table lacks the column(s) {string.Join(", ", missing)}");
        }
    }
}
