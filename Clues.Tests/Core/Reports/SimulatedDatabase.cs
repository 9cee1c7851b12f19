using Clues.Core.Config;
using Clues.Core.Simulation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Tests.Core.Reports;

/// <summary>
/// A CLUES database written by a short real simulation (the daemon under virtual time with the SQLite store): three
/// nodes of 2 slots and 2048 MB, a 1.5-slot request, a two-task request that needs a second node, a late request and
/// a job sent straight to the LRMS. Fixed power delays and no failures, so every run writes the same rows.
/// </summary>
internal static class SimulatedDatabase
{
    public static readonly string[] Trace =
    [
        ";node;wn;2;2048;3",
        "10;job;1.5;512;100;1;",
        "20;job;2;1024;60;2;",
        "400;job;1;256;30;1;",
        "401;job;1;256;30;1;norequest",
    ];

    /// <summary>Runs the simulation into <c>clues.db</c> under <paramref name="folder"/> and returns the file's path.</summary>
    public static async Task<string> WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var database = Path.Combine(folder, "clues.db");
        var config = new CluesConfig();
        config.Set("scheduling", "IDLE_TIME", "120");
        config.Set("simulator", "POWERON_DELAY_MIN", "6");
        config.Set("simulator", "POWERON_DELAY_MAX", "6");
        config.Set("simulator", "POWEROFF_DELAY_MIN", "6");
        config.Set("simulator", "POWEROFF_DELAY_MAX", "6");
        config.Set("simulator", "POWERON_FAILURE_PROBABILITY", "0");
        var random = new Random(7);
        await new SimulationRunner(NullLoggerFactory.Instance)
            .RunAsync(SimTrace.Parse(Trace, "reports.sim", random), config, database, random, cancellationToken);
        return database;
    }

    /// <summary>The rows of a query, each as its columns.</summary>
    public static List<object[]> Query(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
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

    public static double Number(string database, string sql) => Convert.ToDouble(Query(database, sql)[0][0], System.Globalization.CultureInfo.InvariantCulture);
}
