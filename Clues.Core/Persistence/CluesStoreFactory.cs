using Clues.Core.Persistence.Sql;

namespace Clues.Core.Persistence;

/// <summary>Opens the store a <c>DB_CONNECTION_STRING</c> names.</summary>
public static class CluesStoreFactory
{
    /// <summary>
    /// Opens the store named by a CLUES connection string: <c>sqlite://PATH</c>,
    /// <c>mysql://user:password@host[:port]/database</c>, or empty for memory only.
    /// </summary>
    /// <param name="connectionString">CLUES' <c>DB_CONNECTION_STRING</c>.</param>
    /// <param name="mode">Whether changes are committed per turn, or in batches.</param>
    /// <param name="fence">The lease every commit is checked against (an active/standby pair); null for a single process.</param>
    /// <exception cref="DatabaseException">The string is malformed (the message names the part) or the database cannot be used.</exception>
    public static ICluesStore Open(string connectionString, StoreWriteMode mode = StoreWriteMode.Durable, IWriteFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!DatabaseConnectionString.TryParse(connectionString, out var parsed, out var error))
        {
            throw new DatabaseException($"DB_CONNECTION_STRING '{DatabaseConnectionString.Redact(connectionString)}': {error}");
        }
        return parsed.Provider == DatabaseProvider.None ? new InMemoryCluesStore() : new SqlCluesStore(SqlDialect.For(parsed), mode, fence);
    }

    /// <summary>
    /// The names of the nodes a SQLite database has seen, read without changing the file; null for another database,
    /// a file that does not exist yet or cannot be read (<c>clues-host check</c> only advises with it).
    /// </summary>
    public static IReadOnlyList<string>? KnownHostNames(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!DatabaseConnectionString.TryParse(connectionString, out var parsed, out _) || parsed.Provider != DatabaseProvider.Sqlite
            || parsed.SqlitePath is not { } path || !File.Exists(path))
        {
            return null;
        }
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
            {
                DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM hostdata";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
            return names;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null;
        }
    }
}
