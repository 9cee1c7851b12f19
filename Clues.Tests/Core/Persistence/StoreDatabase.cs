using System.Data.Common;
using Clues.Core.Persistence;
using Clues.Core.Persistence.Sql;
using Clues.Tests.Common;
using Microsoft.Data.Sqlite;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// The databases the store's tests run on: a SQLite file in a temporary folder, or a fresh database on a private
/// <see cref="MariaDbServer"/> (one server per fixture, one database per test).
/// </summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    /// <summary>The SQLite provider's name in test fixture arguments.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>The MariaDB provider's name in test fixture arguments (and the test category).</summary>
    public const string MariaDb = "MariaDb";

    private readonly List<string> _folders = [];

    private StoreDatabase(string provider, MariaDbServer? server)
    {
        Provider = provider;
        Server = server;
    }

    /// <summary><see cref="Sqlite"/> or <see cref="MariaDb"/>.</summary>
    public string Provider { get; }

    /// <summary>The MariaDB server, for <see cref="MariaDb"/>.</summary>
    public MariaDbServer? Server { get; }

    /// <summary>Prepares the provider (starts a MariaDB server; reports the test as not run when MariaDB is missing).</summary>
    public static async Task<StoreDatabase> StartAsync(string provider, CancellationToken ct) => provider switch
    {
        Sqlite => new StoreDatabase(provider, null),
        MariaDb => new StoreDatabase(provider, await MariaDbServer.StartAsync(ct)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>The CLUES connection string of a new, empty database.</summary>
    public async Task<string> NewAsync(CancellationToken ct)
    {
        if (Server is not null)
        {
            return await Server.CreateDatabaseAsync(ct);
        }
        var folder = Directory.CreateTempSubdirectory("clues-store-").FullName;
        _folders.Add(folder);
        return "sqlite://" + Path.Combine(folder, "clues.db");
    }

    /// <summary>Opens the store on <paramref name="connectionString"/>.</summary>
    public static SqlCluesStore Open(string connectionString, StoreWriteMode mode = StoreWriteMode.Durable) =>
        new(SqlDialect.For(DatabaseConnectionString.Parse(connectionString)), mode);

    /// <summary>A connection of its own to the database, as another reader (a report, CLUES' tools) would open.</summary>
    public async Task<DbConnection> ConnectAsync(string connectionString, CancellationToken ct)
    {
        if (Server is not null)
        {
            return await Server.ConnectAsync(connectionString, ct);
        }
        var connection = new SqliteConnection($"Data Source={DatabaseConnectionString.Parse(connectionString).SqlitePath};Pooling=False");
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>The rows of <paramref name="table"/> as another connection sees them, in <paramref name="order"/>.</summary>
    public async Task<List<object?[]>> RowsAsync(string connectionString, string table, string order, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(connectionString, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY {order}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The tables CLUES and the project write, each with the order its rows are compared in.</summary>
    public static readonly IReadOnlyList<(string Table, string Order)> Tables =
    [
        ("hostdata", "name"), ("host_monitoring", "x"), ("requests", "x"), ("node_state", "name"), ("request_queue", "id"),
    ];

    /// <summary>
    /// The rows of <paramref name="table"/>, each as text comparable across databases: SQLite returns a whole number
    /// stored in an INTEGER column as an integer, MariaDB the same number as a double, so numbers are compared as
    /// numbers and text as text.
    /// </summary>
    public async Task<List<string>> ComparableRowsAsync(string connectionString, string table, string order, CancellationToken ct) =>
        (await RowsAsync(connectionString, table, order, ct)).Select(row => string.Join("|", row.Select(value => value switch
        {
            null => "NULL",
            string text => "'" + text + "'",
            _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        }))).ToList();

    /// <summary>How many rows <paramref name="table"/> has, as another connection sees it.</summary>
    public async Task<long> CountAsync(string connectionString, string table, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(connectionString, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server (if any) and deletes the SQLite folders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
