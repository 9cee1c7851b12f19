using System.Data.Common;
using System.Text;

namespace Clues.Core.Persistence.Sql;

/// <summary>
/// What differs between the databases CLUES can keep its tables in: how to connect, the names of column types, an
/// upsert, and how errors read. Everything else (every query of <see cref="SqlCluesStore"/>) is written once, with
/// <c>@name</c> parameters, which every provider here accepts.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The dialect for a parsed <c>DB_CONNECTION_STRING</c>.</summary>
    /// <exception cref="ArgumentException">The string names no database (it is empty).</exception>
    public static SqlDialect For(DatabaseConnectionString connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return connectionString.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteDialect(connectionString.SqlitePath!),
            DatabaseProvider.MySql => new MySqlDialect(connectionString),
            _ => throw new ArgumentException("an empty DB_CONNECTION_STRING names no database", nameof(connectionString)),
        };
    }

    /// <summary>The database, for messages: its file, or <c>mysql://user:***@host:port/database</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Opens a new connection, ready for use.</summary>
    /// <param name="mode">How the store using it commits (SQLite relaxes its syncing for batches).</param>
    /// <exception cref="DatabaseException">The database cannot be reached or used; the message says why.</exception>
    public abstract DbConnection Open(StoreWriteMode mode);

    /// <summary>The column type this database uses for <paramref name="type"/>.</summary>
    public abstract string TypeName(SqlType type);

    /// <summary>The statements that create <paramref name="table"/> and its indexes unless they exist.</summary>
    public virtual IReadOnlyList<string> CreateTable(SqlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").Append(table.Name).Append('(');
        sql.AppendJoin(", ", table.Columns.Select(c =>
            c.Name + " " + TypeName(c.Type) + (c.PrimaryKey && c.Type != SqlType.RowId ? " PRIMARY KEY" : "") + (c.NotNull ? " NOT NULL" : "")));
        sql.Append(')');
        return [sql.ToString(), .. (table.Indexes ?? []).Select(i => $"CREATE INDEX IF NOT EXISTS {i.Name} ON {table.Name}({i.Column})")];
    }

    /// <summary>
    /// An insert of <paramref name="columns"/> (values <c>@column</c>) that updates the other columns when a row with
    /// the same first <paramref name="keyColumns"/> exists.
    /// </summary>
    public abstract string Upsert(string table, IReadOnlyList<string> columns, int keyColumns = 1);

    /// <summary>
    /// <paramref name="select"/> as a read that holds its rows until the transaction ends, so no other writer can
    /// change them in between. Unchanged by default: SQLite's write transaction already holds the whole database.
    /// </summary>
    public virtual string LockedRead(string select) => select;

    /// <summary><paramref name="expression"/> converted to an integer.</summary>
    public abstract string CastToInteger(string expression);

    /// <summary>Whether <paramref name="error"/> is this database's failure (rather than a bug of the caller).</summary>
    public abstract bool IsDatabaseError(Exception error);

    /// <summary>A <see cref="DatabaseException"/> saying what failed while <paramref name="doing"/>, naming the database.</summary>
    public virtual DatabaseException Failure(Exception error, string doing)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new DatabaseException($"{Description}: {doing} failed: {DatabaseConnectionString.Redact(error.Message)}", error);
    }
}
