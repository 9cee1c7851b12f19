using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Simulation;
using Clues.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Tests.Core.Reports;

/// <summary>
/// A CLUES database written by a short real simulation (the daemon under virtual time with the SQLite store) in a
/// folder of its own: three nodes of 2 slots and 2048 MB, a 1.5-slot request, a two-task request that needs more
/// nodes, a late request and a job sent straight to the LRMS. The golden runs' fixed power delays, so every run
/// writes the same rows.
/// </summary>
internal sealed class SimulatedDatabase : IDisposable
{
    public static readonly string[] Trace =
    [
        ";node;wn;2;2048;3",
        "10;job;1.5;512;100;1;",
        "20;job;2;1024;60;2;",
        "400;job;1;256;30;1;",
        "401;job;1;256;30;1;norequest",
    ];

    private SimulatedDatabase(string folder)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, "clues.db");
    }

    /// <summary>The folder, removed on <see cref="Dispose"/>.</summary>
    public string Folder { get; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Runs the simulation into a new folder.</summary>
    public static async Task<SimulatedDatabase> CreateAsync()
    {
        var database = new SimulatedDatabase(Directory.CreateTempSubdirectory("clues-reports-").FullName);
        using (var store = new Clues.Core.Persistence.SqliteCluesStore(database.Path, Clues.Core.Persistence.StoreWriteMode.Batched))
        {
            await WriteAsync(store);
        }
        return database;
    }

    /// <summary>Runs the simulation into <paramref name="store"/> (any database).</summary>
    public static async Task WriteAsync(Clues.Core.Persistence.ICluesStore store)
    {
        var config = DeterministicSimulation.Config(new CluesConfig());
        config.Set("scheduling", "IDLE_TIME", "120");
        var random = new Random(7);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await new SimulationRunner(NullLoggerFactory.Instance)
            .RunWithStoreAsync(SimTrace.Parse(Trace, "reports.sim", random), config, store, random, cancel.Token);
    }

    /// <summary>The rows of a query, each as its columns.</summary>
    public List<object[]> Query(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The first column of the first row of a query, as a number.</summary>
    public double Number(string sql) => Convert.ToDouble(Query(sql)[0][0], CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
