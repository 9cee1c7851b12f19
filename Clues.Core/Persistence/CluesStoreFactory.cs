using Clues.Core.Persistence.Sql;

namespace Clues.Core.Persistence;

/// <summary>Opens the store a <c>DB_CONNECTION_STRING</c> names.</summary>
public static class CluesStoreFactory
{
    /// <summary>
    /// Opens the store named by a CLUES connection string: <c>sqlite://PATH</c>,
    /// <c>mysql://user:password@host[:port]/database</c>, or empty for memory only.
    /// </summary>
    /// <exception cref="DatabaseException">The string is malformed (the message names the part) or the database cannot be used.</exception>
    public static ICluesStore Open(string connectionString, StoreWriteMode mode = StoreWriteMode.Durable)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!DatabaseConnectionString.TryParse(connectionString, out var parsed, out var error))
        {
            throw new DatabaseException($"DB_CONNECTION_STRING '{DatabaseConnectionString.Redact(connectionString)}': {error}");
        }
        return parsed.Provider == DatabaseProvider.None ? new InMemoryCluesStore() : new SqlCluesStore(SqlDialect.For(parsed), mode);
    }
}
