namespace Clues.Core.Persistence.Sql;

/// <summary>The tables of the CLUES database: CLUES' own (spec §8, unchanged so its reports and tools read them) and the project's resume tables.</summary>
internal static class CluesSchema
{
    public static readonly SqlTable HostData = new("hostdata", [
        new("name", SqlType.Name, PrimaryKey: true), new("enabled", SqlType.Flag),
    ]);

    public static readonly SqlTable HostMonitoring = new("host_monitoring", [
        new("name", SqlType.Name), new("timestamp_state", SqlType.Number), new("slots_count", SqlType.Number),
        new("slots_free", SqlType.Number), new("memory_total", SqlType.Number), new("memory_free", SqlType.Number),
        new("state", SqlType.Integer), new("timestamp", SqlType.Number), new("x", SqlType.RowId, PrimaryKey: true),
    ]);

    // The purge updates a request by id; without an index each update scans every request ever stored (a
    // simulation of days stores tens of thousands: Reconsider_Jobs re-asks for every waiting job each minute).
    // An index leaves the table as CLUES defines it.
    public static readonly SqlTable Requests = new("requests", [
        new("reqid", SqlType.Key), new("timestamp_created", SqlType.Number), new("timestamp_state", SqlType.Number),
        new("state", SqlType.Integer), new("slots", SqlType.Number), new("memory", SqlType.Number),
        new("expressions", SqlType.Varchar), new("taskcount", SqlType.Integer), new("maxtaskspernode", SqlType.Integer),
        new("jobid", SqlType.Varchar), new("nodes", SqlType.Varchar), new("x", SqlType.RowId, PrimaryKey: true),
    ], [("requests_reqid", "reqid")]);

    // Beyond CLUES: what a restart needs.
    public static readonly SqlTable NodeState = new("node_state", [
        new("name", SqlType.Name, PrimaryKey: true), new("state", SqlType.Integer, NotNull: true),
        new("timestamp_state", SqlType.Real, NotNull: true), new("timestamp_poweredon", SqlType.Real, NotNull: true),
        new("timestamp_poweredoff", SqlType.Real, NotNull: true), new("power_on_failures", SqlType.Integer, NotNull: true),
        new("power_off_failures", SqlType.Integer, NotNull: true),
    ]);

    public static readonly SqlTable RequestQueue = new("request_queue", [
        new("id", SqlType.Integer, PrimaryKey: true), new("state", SqlType.Integer, NotNull: true),
        new("timestamp_created", SqlType.Real, NotNull: true), new("timestamp_state", SqlType.Real, NotNull: true),
        new("timestamp_attended", SqlType.Real, NotNull: true), new("attended_retries", SqlType.Integer, NotNull: true),
        new("slots", SqlType.Real, NotNull: true), new("memory", SqlType.Real, NotNull: true),
        new("expressions", SqlType.Text, NotNull: true), new("taskcount", SqlType.Integer, NotNull: true),
        new("maxtaskspernode", SqlType.Integer, NotNull: true), new("jobid", SqlType.Text), new("nodes", SqlType.Text, NotNull: true),
        new("booked", SqlType.Text, NotNull: true), new("booked_at", SqlType.Real, NotNull: true),
    ]);

    /// <summary>Every table, in creation order.</summary>
    public static readonly IReadOnlyList<SqlTable> All = [HostData, HostMonitoring, Requests, NodeState, RequestQueue];

    /// <summary>The column names of <paramref name="table"/> without its row number.</summary>
    public static IReadOnlyList<string> Written(SqlTable table) => table.Columns.Where(c => c.Type != SqlType.RowId).Select(c => c.Name).ToList();
}
