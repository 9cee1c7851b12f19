using System.Net.Http.Headers;
using System.Text.Json;

namespace Clues.Tests.E2E;

/// <summary>What the E2E tests read from a running clues-host's JSON API.</summary>
internal static class CluesApi
{
    /// <summary>The current CLUES state of every node (<c>idle</c>, <c>off</c>, <c>powon</c>, <c>off (err)</c>, ...).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> NodesAsync(HttpClient http, int port, string secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/nodes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.EnumerateArray().ToDictionary(
            n => n.GetProperty("name").GetString()!, n => n.GetProperty("state").GetString()!, StringComparer.Ordinal);
    }
}
