using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Clues.Core.Persistence.Sql;

/// <summary>A SQLite file: CLUES' default, which needs nothing installed.</summary>
/// <param name="path">The file; its folder must exist (CLUES' rule).</param>
public sealed class SqliteDialect(string path) : SqlDialect
{
    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public override string Description => $"the database file '{Path}'";

    /// <inheritdoc />
    public override DbConnection Open(StoreWriteMode mode)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DatabaseException($"the database folder '{directory}' does not exist (DB_CONNECTION_STRING)");
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL");
            // Durable: a commit survives a crash of the process. Batched: a simulation's file is rewritten by running it again.
            Execute(connection, mode == StoreWriteMode.Batched ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL");
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Failure(ex, "opening");
        }
    }

    /// <inheritdoc />
    public override string TypeName(SqlType type) => type switch
    {
        // CLUES' own declarations (spec §8), kept so that its tools see the tables they created.
        SqlType.Name => "varchar(128)",
        SqlType.Key or SqlType.Varchar => "varchar",
        SqlType.Flag => "bool",
        SqlType.Number or SqlType.Integer => "INTEGER",
        SqlType.Real => "REAL",
        SqlType.Text => "TEXT",
        SqlType.RowId => "INTEGER PRIMARY KEY",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <inheritdoc />
    public override string Upsert(string table, IReadOnlyList<string> columns, int keyColumns = 1) =>
        $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) " +
        $"ON CONFLICT({string.Join(", ", columns.Take(keyColumns))}) DO UPDATE SET {string.Join(", ", columns.Skip(keyColumns).Select(c => $"{c} = excluded.{c}"))}";

    /// <inheritdoc />
    public override string CastToInteger(string expression) => $"CAST({expression} AS INTEGER)";

    /// <inheritdoc />
    public override bool IsDatabaseError(Exception error) => error is SqliteException;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
