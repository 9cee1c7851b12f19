using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clues.Cli.Operations;

/// <summary>
/// The lines <c>clues status --why</c> prints after CLUES' table: why each node is not being powered off and why
/// each queued request waits (with the state of the job it was made for), read from the JSON API of the same server (<c>/api/nodes</c>, <c>/api/requests</c>),
/// since CLUES' XML-RPC <c>status</c> carries only the table.
/// </summary>
internal sealed class WhyReport(JsonApi api)
{
    /// <summary>The lines, each ending in a newline: a header, then nodes by name, then requests in queue order.</summary>
    public async Task<string> RenderAsync(CancellationToken ct)
    {
        using var nodes = await api.GetAsync("/api/nodes", ct).ConfigureAwait(false);
        using var requests = await api.GetAsync("/api/requests", ct).ConfigureAwait(false);
        var sb = new StringBuilder();
        sb.Append($"{"node / request",-24}   why\n").Append(new string('-', 95)).Append('\n');
        var rows = nodes.RootElement.EnumerateArray()
            .Select(n => (Name: n.GetProperty("name").GetString() ?? "", Why: Why(n)))
            .OrderBy(n => n.Name, StringComparer.Ordinal);
        foreach (var (name, why) in rows)
        {
            sb.Append(name.PadRight(24)).Append("   ").Append(why ?? "-").Append('\n');
        }
        foreach (var request in requests.RootElement.EnumerateArray())
        {
            var label = "request " + request.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
            var state = request.GetProperty("state").GetString();
            sb.Append(label.PadRight(24)).Append("   ").Append(Why(request) ?? $"{state}: not waiting");
            // What became of the request's job, so that a final request state is not read as the job's fate.
            if (RequestJob.State(request) is { } job)
            {
                sb.Append($" (job {RequestJob.ShortId(request.GetProperty("jobId").GetString()!)}: {job})");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string? Why(JsonElement item) =>
        item.TryGetProperty("why", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
}
