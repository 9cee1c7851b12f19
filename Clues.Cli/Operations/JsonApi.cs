using System.Net.Http.Headers;
using System.Text.Json;

namespace Clues.Cli.Operations;

/// <summary>
/// Reads clues-host's JSON API (<c>/api/nodes</c>, <c>/api/requests</c>), served on the host and port of CLUES_XMLRPC,
/// for what CLUES' XML-RPC calls carry only as text. The original CLUES server has no such API: callers treat a
/// failure as "not available".
/// </summary>
internal sealed class JsonApi
{
    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly string _secret;

    /// <param name="http">The client.</param>
    /// <param name="xmlRpcEndpoint">CLUES_XMLRPC; the JSON API is on the same host and port.</param>
    /// <param name="secret">The secret token, sent as a bearer header.</param>
    public JsonApi(HttpClient http, Uri xmlRpcEndpoint, string secret)
    {
        _http = http;
        _server = xmlRpcEndpoint;
        _secret = secret;
    }

    /// <summary>Gets and parses <paramref name="path"/>; throws <see cref="HttpRequestException"/> on an HTTP error.</summary>
    public async Task<JsonDocument> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secret);
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{path} answered HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        }
    }
}
