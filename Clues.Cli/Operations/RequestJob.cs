using System.Text.Json;

namespace Clues.Cli.Operations;

/// <summary>
/// The LRMS job a request was made for, read from a <c>/api/requests</c> entry (its <c>jobId</c> and <c>job</c>), so
/// that the CLI shows what became of the job next to the request's own state.
/// </summary>
internal static class RequestJob
{
    /// <summary>What a request whose job the LRMS no longer reports (or never did) shows.</summary>
    public const string NotReported = "not reported by the LRMS";

    /// <summary>The job's state and nodes (<c>running on worker-01</c>); null for a request made for no job.</summary>
    public static string? State(JsonElement request)
    {
        if (!request.TryGetProperty("jobId", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        if (!request.TryGetProperty("job", out var job) || job.ValueKind != JsonValueKind.Object
            || !job.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.String)
        {
            return NotReported;
        }
        var nodes = job.TryGetProperty("nodes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()).ToList()
            : [];
        return nodes.Count == 0 ? state.GetString() : $"{state.GetString()} on {string.Join(',', nodes)}";
    }

    /// <summary>The job id as <c>docker ps</c> shows it: a 64-hex id cut to 12 characters, any other id whole.</summary>
    public static string ShortId(string jobId) =>
        jobId.Length == 64 && jobId.All(char.IsAsciiHexDigitLower) ? jobId[..12] : jobId;

    /// <summary>The job states by request id, from <c>/api/requests</c>.</summary>
    public static Dictionary<long, (string JobId, string State)> ByRequest(JsonDocument requests)
    {
        var states = new Dictionary<long, (string, string)>();
        foreach (var request in requests.RootElement.EnumerateArray())
        {
            if (State(request) is { } state && request.TryGetProperty("id", out var id) && id.TryGetInt64(out var requestId))
            {
                states[requestId] = (request.GetProperty("jobId").GetString()!, state);
            }
        }
        return states;
    }
}
