using System.Data.Common;
using MySqlConnector;

namespace Clues.Core.Persistence.Sql;

/// <summary>
/// A MariaDB or MySQL server (<c>mysql://user:password@host[:port]/database</c>), through MySqlConnector. The
/// database must exist; the tables are created in it when missing.
/// </summary>
public sealed class MySqlDialect : SqlDialect
{
    /// <summary>Seconds to wait for the server to accept a connection: a start-up error or a retry stays short.</summary>
    public const int ConnectTimeoutSeconds = 5;

    private readonly DatabaseConnectionString _target;
    private readonly string _connectionString;

    /// <summary>Creates the dialect for a parsed <c>mysql://</c> string.</summary>
    public MySqlDialect(DatabaseConnectionString target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Provider != DatabaseProvider.MySql)
        {
            throw new ArgumentException($"'{target}' is not a mysql:// connection string", nameof(target));
        }
        _target = target;
        _connectionString = new MySqlConnectionStringBuilder
        {
            Server = target.Host,
            Port = (uint)target.Port,
            UserID = target.User ?? "",
            Password = target.Password ?? "",
            Database = target.Database,
            ConnectionTimeout = ConnectTimeoutSeconds,
            // The store keeps one connection and opens a new one after a failure: a pool would hand back dead ones.
            Pooling = false,
            // Ids and names compare byte for byte, as in SQLite (a case-insensitive collation would merge "WN1" and "wn1").
            CharacterSet = "utf8mb4",
            // Values are exchanged as the store writes them; no server-side conversion of DATETIME or BIT is involved.
            AllowUserVariables = false,
        }.ConnectionString;
    }

    /// <inheritdoc />
    public override string Description => $"the MariaDB/MySQL database {_target}";

    /// <inheritdoc />
    public override DbConnection Open(StoreWriteMode mode)
    {
        var connection = new MySqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (MySqlException ex)
        {
            connection.Dispose();
            throw ConnectFailure(ex);
        }
    }

    /// <inheritdoc />
    public override string TypeName(SqlType type) => type switch
    {
        SqlType.Name => "varchar(128)",
        SqlType.Key => "varchar(64)",
        // CLUES writes the text 'True'/'False' into its bool column; MySQL's bool is a number.
        SqlType.Flag => "varchar(5)",
        SqlType.Number or SqlType.Real => "DOUBLE",
        SqlType.Integer => "BIGINT",
        SqlType.Varchar or SqlType.Text => "MEDIUMTEXT",
        SqlType.RowId => "BIGINT AUTO_INCREMENT PRIMARY KEY",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <inheritdoc />
    public override IReadOnlyList<string> CreateTable(SqlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        // Indexes go inside CREATE TABLE: MySQL has no CREATE INDEX IF NOT EXISTS (MariaDB has).
        var columns = table.Columns.Select(c =>
            c.Name + " " + TypeName(c.Type) + (c.PrimaryKey && c.Type != SqlType.RowId ? " PRIMARY KEY" : "") + (c.NotNull ? " NOT NULL" : ""));
        var indexes = (table.Indexes ?? []).Select(i => $"INDEX {i.Name} ({i.Column})");
        return [$"CREATE TABLE IF NOT EXISTS {table.Name}({string.Join(", ", columns.Concat(indexes))}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"];
    }

    /// <inheritdoc />
    public override string Upsert(string table, IReadOnlyList<string> columns, int keyColumns = 1) =>
        $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) " +
        $"ON DUPLICATE KEY UPDATE {string.Join(", ", columns.Skip(keyColumns).Select(c => $"{c} = VALUES({c})"))}";

    /// <inheritdoc />
    public override string LockedRead(string select) => select + " FOR UPDATE";

    /// <inheritdoc />
    public override string CastToInteger(string expression) => $"CAST({expression} AS SIGNED)";

    /// <inheritdoc />
    public override bool IsDatabaseError(Exception error) => error is MySqlException or DbException
        // A server that went away while a transaction was begun on its connection: MySqlEndOfStreamException.
        or IOException
        // A connection the server closed surfaces as an invalid operation on the next command.
        || (error is InvalidOperationException && error.Source == "MySqlConnector");

    /// <summary>Why a connection could not be opened, in the user's terms.</summary>
    private DatabaseException ConnectFailure(MySqlException error)
    {
        var user = _target.User ?? "(none)";
        var message = error.ErrorCode switch
        {
            MySqlErrorCode.AccessDenied =>
                $"the MariaDB/MySQL server at {_target.Location} refused user '{user}': wrong user or password ({error.Message})",
            MySqlErrorCode.UnknownDatabase =>
                $"the MariaDB/MySQL server at {_target.Location} has no database '{_target.Database}': create it (CREATE DATABASE {_target.Database}) and grant '{user}' access",
            MySqlErrorCode.DatabaseAccessDenied =>
                $"the MariaDB/MySQL server at {_target.Location} has no database '{_target.Database}' that user '{user}' may use: create it, or grant access (GRANT ALL ON {_target.Database}.* TO '{user}') ({error.Message})",
            MySqlErrorCode.UnableToConnectToHost =>
                $"cannot reach the MariaDB/MySQL server at {_target.Location}: {error.InnerException?.Message ?? error.Message}",
            _ => $"cannot connect to the MariaDB/MySQL server at {_target.Location}: {error.Message}",
        };
        return new DatabaseException(DatabaseConnectionString.Redact(message), error);
    }
}
