using Clues.Core.Persistence.Sql;

namespace Clues.Core.Persistence;

/// <summary>The CLUES database in a SQLite file (CLUES' default): a <see cref="SqlCluesStore"/> on a <see cref="SqliteDialect"/>.</summary>
/// <param name="path">The SQLite file; its folder must exist.</param>
/// <param name="mode">Whether each change is committed when made, or in batches.</param>
public sealed class SqliteCluesStore(string path, StoreWriteMode mode) : SqlCluesStore(new SqliteDialect(path), mode)
{
    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>, committing every change when made.</summary>
    public SqliteCluesStore(string path)
        : this(path, StoreWriteMode.Durable)
    {
    }
}
