using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Clues.Core.Http;

namespace Clues.Plugins.Nomad.Api;

/// <summary>
/// <see cref="INomadApi"/> over HTTP. Lists are read page by page (<c>per_page</c>, then the <c>next_token</c> the
/// agent sends in <c>X-Nomad-NextToken</c>); agents that do not page send everything at once and no token. The plugin
/// polls at the daemon's period, so no blocking query (<c>index</c>/<c>wait</c>) is made.
/// </summary>
internal sealed class NomadApiClient(HttpClient http, NomadLrmsOptions options) : INomadApi
{
    /// <summary>The drain metadata key that marks a drain CLUES started; its value says why.</summary>
    public const string DrainMetaKey = "clues";

    /// <summary>The value of <see cref="DrainMetaKey"/> on a drain CLUES started before a power-off.</summary>
    public const string DrainMetaPowerOff = "power-off";

    private const string NextTokenHeader = "X-Nomad-NextToken";
    private const int MaxPages = 100_000;

    private readonly string _prefix = options.Server.OriginalString.TrimEnd('/') + options.ApiVersion;

    public async Task<IReadOnlyList<NomadNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        await ListAsync(options.ClientsPath, "resources=true", NomadJson.Default.ListNomadNode, "a node list", cancellationToken).ConfigureAwait(false);

    public async Task<NomadNode?> GetNodeAsync(string id, CancellationToken cancellationToken) =>
        await GetAsync(NodePath(id), NomadJson.Default.NomadNode, "a node", cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<NomadAllocation>> ListAllocationsAsync(CancellationToken cancellationToken) =>
        await ListAsync(options.AllocationsPath, "resources=true&task_states=false&namespace=" + Uri.EscapeDataString(options.Namespace),
            NomadJson.Default.ListNomadAllocation, "an allocation list", cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<NomadAllocation>> ListNodeAllocationsAsync(string id, CancellationToken cancellationToken) =>
        await GetAsync(options.ClientAllocationsPath.Replace(NomadLrmsOptions.ClientIdPlaceholder, Uri.EscapeDataString(id), StringComparison.Ordinal),
            NomadJson.Default.ListNomadAllocation, "an allocation list", cancellationToken).ConfigureAwait(false) ?? [];

    public async Task<IReadOnlyList<NomadJobStub>> ListJobsAsync(CancellationToken cancellationToken) =>
        await ListAsync(options.JobsPath, "namespace=" + Uri.EscapeDataString(options.Namespace), NomadJson.Default.ListNomadJobStub, "a job list", cancellationToken)
            .ConfigureAwait(false);

    public async Task<NomadJob?> GetJobAsync(string id, string? jobNamespace, CancellationToken cancellationToken)
    {
        var path = options.JobInfoPath.Replace(NomadLrmsOptions.JobIdPlaceholder, Uri.EscapeDataString(id), StringComparison.Ordinal)
            + (string.IsNullOrEmpty(jobNamespace) ? "" : "?namespace=" + Uri.EscapeDataString(jobNamespace));
        return await GetAsync(path, NomadJson.Default.NomadJob, "a job", cancellationToken).ConfigureAwait(false);
    }

    public Task SetEligibilityAsync(string id, bool eligible, CancellationToken cancellationToken) =>
        PostAsync(NodePath(id) + "/eligibility", $$"""{"NodeID":"{{JsonText(id)}}","Eligibility":"{{(eligible ? "eligible" : "ineligible")}}"}""",
            eligible ? "make eligible" : "make ineligible", cancellationToken);

    public Task SetDrainAsync(string id, bool drain, CancellationToken cancellationToken) =>
        // The drain leaves system jobs alone (they run on every node and end with it) and has Nomad's default
        // deadline; CLUES only drains a node with nothing else on it. Cancelling marks the node eligible again.
        PostAsync(NodePath(id) + "/drain", drain
                ? $$$"""{"NodeID":"{{{JsonText(id)}}}","DrainSpec":{"Deadline":3600000000000,"IgnoreSystemJobs":true},"MarkEligible":false,"Meta":{"{{{DrainMetaKey}}}":"{{{DrainMetaPowerOff}}}"}}"""
                : $$"""{"NodeID":"{{JsonText(id)}}","DrainSpec":null,"MarkEligible":true}""",
            drain ? "drain" : "cancel the drain of", cancellationToken);

    private string NodePath(string id) =>
        options.ClientInfoPath.Replace(NomadLrmsOptions.ClientIdPlaceholder, Uri.EscapeDataString(id), StringComparison.Ordinal);

    private static string JsonText(string text) => System.Text.Json.JsonEncodedText.Encode(text).ToString();

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken) where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_prefix + path));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await ThrowIfFailedAsync(response, "", cancellationToken).ConfigureAwait(false);
        return await RestJson.ReadAsync(response, typeInfo, what, RestJson.DefaultMaxBytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<T>> ListAsync<T>(string path, string query, JsonTypeInfo<List<T>> typeInfo, string what, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = null;
        var pages = 0;
        do
        {
            var uri = new Uri(_prefix + path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query
                + "&per_page=" + options.PageSize.ToString(CultureInfo.InvariantCulture) + (next is null ? "" : "&next_token=" + Uri.EscapeDataString(next)));
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, "", cancellationToken).ConfigureAwait(false);
            // A list is a JSON array, possibly empty; anything else must not read as "nothing there".
            var page = await RestJson.ReadAsync(response, typeInfo, what, RestJson.DefaultMaxBytes, cancellationToken).ConfigureAwait(false);
            items.AddRange(page);
            next = response.Headers.TryGetValues(NextTokenHeader, out var tokens) && tokens.FirstOrDefault() is { Length: > 0 } token ? token : null;
            // An agent that keeps handing out tokens must not keep the loop forever.
            if (++pages > MaxPages)
            {
                throw new RestApiException($"Nomad API: GET {path} did not end after {MaxPages} pages of {options.PageSize}");
            }
        }
        while (next is not null);
        return items;
    }

    private async Task PostAsync(string path, string body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_prefix + path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, $", {what} node", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request; a connection or TLS failure names the agent and, over https, the settings that decide TLS.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var tls = request.RequestUri?.Scheme == Uri.UriSchemeHttps
                ? $" (TLS: the agent's certificate is checked against {NomadLrmsOptions.CaFileKey}, and an agent with verify_https_client wants the client certificate of {NomadLrmsOptions.ClientCertificateKey}/{NomadLrmsOptions.ClientKeyKey})"
                : "";
            throw new RestApiException($"Nomad API: {request.Method} {request.RequestUri} failed: {Messages(ex)}{tls}", ex);
        }
    }

    private static string Messages(Exception ex)
    {
        var messages = new List<string>();
        for (var e = (Exception?)ex; e is not null && messages.Count < 4; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        return string.Join(": ", messages.Distinct());
    }

    private Task ThrowIfFailedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken) =>
        // Nomad answers a missing or unknown ACL token with 403 "Permission denied" (not 401): name the setting.
        RestApiException.ThrowIfFailedAsync(response,
            response.StatusCode == HttpStatusCode.Forbidden
                ? $"Nomad API{what} ({(options.AclToken is null ? "no ACL token set in" : "the ACL token of")} {NomadLrmsOptions.AclTokenKey})"
                : "Nomad API" + what,
            cancellationToken);
}
