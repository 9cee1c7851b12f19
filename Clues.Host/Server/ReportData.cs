using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Clues.Core.Reports;

namespace Clues.Host.Server;

/// <summary>
/// The data of CLUES' reports (spec §11, <c>cluesreports</c> and the server's <c>/reports/cluesdata.json</c>):
/// <c>{"hostevents": {host: [sample…]}, "requests": [req…], "mintime_avail", "maxtime_avail", "t"}</c>, read from the
/// database (a SQLite file or a MariaDB/MySQL database), so CLUES' own report pages can use it too.
/// </summary>
/// <remarks>
/// KEEP (spec §14 Q26, for compatibility with CLUES' report scripts): rows are filtered on <c>timestamp_state</c> but
/// grouped and plotted by <c>timestamp</c> (when the row was written).
/// </remarks>
internal static class ReportData
{
    private const int StateOff = 2;

    /// <summary>The report object for rows between <paramref name="from"/> and <paramref name="to"/>, as JSON text.</summary>
    public static string ToJson(CluesDatabaseReader database, double from, double to, double now)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, database, from, to, now);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the report object for rows between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static void Write(Utf8JsonWriter json, CluesDatabaseReader database, double from, double to, double now)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = database.Connection;

        var rows = new List<(string Name, double Timestamp, double Slots, double SlotsFree, double Memory, double MemoryFree, int State)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, timestamp, slots_count, slots_free, memory_total, memory_free, state FROM host_monitoring WHERE timestamp_state >= @from AND timestamp_state <= @to ORDER BY timestamp_state, x";
            Period(command, from, to);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetInt32(6)));
            }
        }

        json.WriteStartObject();
        json.WriteStartObject("hostevents");
        var hosts = rows.Select(r => r.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var byTime = rows.GroupBy(r => r.Timestamp).OrderBy(g => g.Key).ToList();
        foreach (var host in hosts)
        {
            json.WriteStartArray(host);
            (double Slots, double Used, double Memory, double MemoryUsed, int State)? last = null;
            foreach (var group in byTime)
            {
                var here = group.LastOrDefault(r => r.Name == host);
                if (here.Name is not null)
                {
                    last = (here.Slots, here.Slots - here.SlotsFree, here.Memory, here.Memory - here.MemoryFree, here.State);
                }
                // A host without a row at this instant repeats its previous sample (at first: zeros, OFF).
                var sample = last ?? (0, 0, 0, 0, StateOff);
                json.WriteStartObject();
                json.WriteNumber("slots", sample.Slots);
                json.WriteNumber("slots_used", sample.Used);
                json.WriteNumber("memory", sample.Memory);
                json.WriteNumber("memory_used", sample.MemoryUsed);
                json.WriteNumber("state", sample.State);
                json.WriteNumber("t", group.Key);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();

        json.WriteStartArray("requests");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT reqid, timestamp_created, state, timestamp_state, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes FROM requests WHERE timestamp_created >= @from AND timestamp_created <= @to ORDER BY timestamp_created, x";
            Period(command, from, to);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                json.WriteStartObject();
                json.WriteString("id", Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture));
                json.WriteNumber("t_created", reader.GetDouble(1));
                json.WriteNumber("state", reader.GetInt32(2));
                json.WriteNumber("t_state", reader.GetDouble(3));
                json.WriteNumber("slots", reader.GetDouble(4));
                json.WriteNumber("memory", reader.GetDouble(5));
                json.WriteString("requirements", reader.IsDBNull(6) ? "" : reader.GetString(6));
                json.WriteNumber("taskcount", reader.GetInt32(7));
                json.WriteNumber("maxtaskspernode", reader.GetInt32(8));
                json.WriteString("jobid", reader.IsDBNull(9) ? "null" : reader.GetString(9));
                json.WriteString("nodes", reader.IsDBNull(10) ? "[]" : reader.GetString(10));
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();

        json.WriteNumber("mintime_avail", byTime.Count > 0 ? byTime[0].Key : now);
        json.WriteNumber("maxtime_avail", byTime.Count > 0 ? byTime[^1].Key : now);
        json.WriteNumber("t", now);
        json.WriteEndObject();
    }

    private static void Period(DbCommand command, double from, double to)
    {
        foreach (var (name, value) in new[] { ("@from", from), ("@to", to) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
