using System.Globalization;
using Clues.Core.Config;
using Microsoft.Data.Sqlite;

namespace Clues.Tests.Common;

/// <summary>What the runs compared with CLUES 2.3's simulator share: its power switch made deterministic, and the rows it wrote.</summary>
internal static class DeterministicSimulation
{
    /// <summary>A configuration with power-on and power-off taking 6 s, and power-ons that never fail.</summary>
    public static CluesConfig Config(CluesConfig? config = null)
    {
        config ??= new CluesConfig();
        foreach (var key in new[] { "POWERON_DELAY_MIN", "POWERON_DELAY_MAX", "POWEROFF_DELAY_MIN", "POWEROFF_DELAY_MAX" })
        {
            config.Set("simulator", key, "6");
        }
        config.Set("simulator", "POWERON_FAILURE_PROBABILITY", "0");
        return config;
    }

    /// <summary>The rows of a query on a simulation database, each as its values joined by <c>|</c> (as sqlite3 prints them).</summary>
    public static List<string> Rows(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
