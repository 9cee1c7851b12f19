using System.Data.Common;
using Clues.Core.Persistence;
using Clues.Core.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Clues.Core.HighAvailability;

/// <summary>
/// The leader lease in its own table, <c>clues_leader(id, holder, address, epoch, expires)</c>, one row, in the
/// daemon's database. Plain SQL that SQLite and MariaDB/MySQL both run; the lease has its own connection, so the
/// daemon's store (used on the loop thread) is never shared across threads.
/// </summary>
/// <remarks>
/// A takeover reads the row and updates it only where the epoch is still the one read, inside a transaction (on
/// SQLite an immediate one, so racing writers queue on the busy timeout instead of failing): of two processes
/// racing for an expired lease one updates the row and the other matches nothing. A broken connection is dropped
/// and opened again at the next call, so a database that went away is retried, not fatal.
/// </remarks>
public sealed class SqlLeaseStore : ILeaseStore
{
    private const string Columns = "holder, address, epoch, expires";
    private readonly Func<DbConnection> _connect;
    private readonly Lock _lock = new();
    private DbConnection? _connection;

    /// <summary>A lease store on connections opened by <paramref name="connect"/>.</summary>
    public SqlLeaseStore(Func<DbConnection> connect)
    {
        _connect = connect;
    }

    /// <summary>The lease in the database of <c>DB_CONNECTION_STRING</c>: a SQLite file, or a MariaDB/MySQL server.</summary>
    /// <param name="connectionString">CLUES' connection string.</param>
    /// <param name="busyTimeout">On SQLite, how long a statement waits for another process's write to finish.</param>
    /// <exception cref="Config.ConfigException">The string names no shared database.</exception>
    public static SqlLeaseStore For(string connectionString, TimeSpan busyTimeout)
    {
        if (!DatabaseConnectionString.TryParse(connectionString, out var parsed, out var error) || parsed.Provider == DatabaseProvider.None)
        {
            throw new Config.ConfigException(
                $"HA_ENABLED needs a database shared by the clues-host processes: DB_CONNECTION_STRING {error ?? "is empty"}");
        }
        if (parsed.Provider == DatabaseProvider.Sqlite)
        {
            return ForSqlite(parsed.SqlitePath!, busyTimeout);
        }
        var dialect = SqlDialect.For(parsed);
        return new SqlLeaseStore(() => dialect.Open(StoreWriteMode.Durable));
    }

    /// <summary>The lease in the SQLite file at <paramref name="path"/> (the file the daemon's store uses).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="busyTimeout">How long a statement waits for another process's write to finish.</param>
    public static SqlLeaseStore ForSqlite(string path, TimeSpan busyTimeout) =>
        new(() =>
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Pooling = false,
                DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
            }.ToString());
            connection.Open();
            return connection;
        });

    /// <inheritdoc />
    public LeaderLease? Read()
    {
        lock (_lock)
        {
            return Run(connection => ReadRow(connection, null));
        }
    }

    /// <inheritdoc />
    public (LeaderLease Previous, LeaderLease Taken)? TryAcquire(string holder, string address, double now, double term)
    {
        lock (_lock)
        {
            return Run<(LeaderLease, LeaderLease)?>(connection =>
            {
                // The database's default isolation: an immediate transaction on SQLite; on InnoDB the conditional
                // update reads the latest row whatever the snapshot, and no shared lock invites a deadlock.
                using var transaction = connection.BeginTransaction();
                var previous = ReadRow(connection, transaction) ?? new LeaderLease("", "", 0, 0);
                if (previous.Holder != holder && !previous.IsVacant(now))
                {
                    transaction.Rollback();
                    return null;
                }
                var taken = new LeaderLease(holder, address, previous.Epoch + 1, now + term);
                var updated = Execute(connection, transaction,
                    "UPDATE clues_leader SET holder = @holder, address = @address, epoch = @epoch, expires = @expires WHERE id = 1 AND epoch = @seen",
                    ("@holder", holder), ("@address", address), ("@epoch", taken.Epoch), ("@expires", taken.Expires), ("@seen", previous.Epoch));
                if (updated != 1)
                {
                    transaction.Rollback();
                    return null;
                }
                transaction.Commit();
                return (previous, taken);
            });
        }
    }

    /// <inheritdoc />
    public bool Renew(string holder, long epoch, double now, double term)
    {
        lock (_lock)
        {
            return Run(connection => Execute(connection, null,
                "UPDATE clues_leader SET expires = @expires WHERE id = 1 AND holder = @holder AND epoch = @epoch AND expires > @now",
                ("@expires", now + term), ("@holder", holder), ("@epoch", epoch), ("@now", now)) == 1);
        }
    }

    /// <inheritdoc />
    public void Release(string holder, long epoch)
    {
        lock (_lock)
        {
            // The epoch stays, so the next holder's is still higher than every earlier one.
            Run(connection => Execute(connection, null,
                "UPDATE clues_leader SET holder = '', address = '', expires = 0 WHERE id = 1 AND holder = @holder AND epoch = @epoch",
                ("@holder", holder), ("@epoch", epoch)));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    private T Run<T>(Func<DbConnection, T> work)
    {
        try
        {
            return work(_connection ??= Open());
        }
        catch (Exception ex) when (ex is DbException or DatabaseException)
        {
            // The next call starts from a new connection (the server restarted, the network came back).
            _connection?.Dispose();
            _connection = null;
            throw ex as DatabaseException ?? new DatabaseException($"the leader lease: {DatabaseConnectionString.Redact(ex.Message)}", ex);
        }
    }

    private DbConnection Open()
    {
        var connection = _connect();
        try
        {
            Execute(connection, null,
                "CREATE TABLE IF NOT EXISTS clues_leader(id INTEGER PRIMARY KEY, holder VARCHAR(255) NOT NULL, address VARCHAR(1024) NOT NULL, epoch BIGINT NOT NULL, expires DOUBLE NOT NULL)");
            if (ReadRow(connection, null) is null)
            {
                try
                {
                    Execute(connection, null, $"INSERT INTO clues_leader(id, {Columns}) VALUES (1, '', '', 0, 0)");
                }
                catch (DbException) when (ReadRow(connection, null) is not null)
                {
                    // Another process inserted the row first.
                }
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static LeaderLease? ReadRow(DbConnection connection, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM clues_leader WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new LeaderLease(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3))
            : null;
    }

    private static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command.ExecuteNonQuery();
    }
}
