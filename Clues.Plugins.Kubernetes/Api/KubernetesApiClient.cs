using System.Net;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Clues.Core.Http;

namespace Clues.Plugins.Kubernetes.Api;

/// <summary>
/// <see cref="IKubernetesApi"/> over HTTP: lists are read page by page (<c>limit</c>/<c>continue</c>), each page
/// streamed into the few fields the plugin needs.
/// </summary>
internal sealed class KubernetesApiClient(HttpClient http, string server, string nodesPath, string podsPath, int pageSize) : IKubernetesApi
{
    /// <summary>Marks a cordon CLUES made, so only CLUES' own cordons are undone (an administrator's stays).</summary>
    public const string CordonAnnotation = "clues.grycap.upv.es/cordoned";

    private readonly string _server = server.TrimEnd('/');

    public async Task<IReadOnlyList<KubeNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        await ListAsync(nodesPath, null, KubernetesJson.Default.KubeListKubeNode, "NodeList", cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<KubePod>> ListPodsAsync(string? nodeName, CancellationToken cancellationToken) =>
        await ListAsync(podsPath, nodeName is null ? null : "fieldSelector=" + Uri.EscapeDataString("spec.nodeName=" + nodeName),
            KubernetesJson.Default.KubeListKubePod, "PodList", cancellationToken).ConfigureAwait(false);

    public async Task<KubeNode?> GetNodeAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(NodeUri(name), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await RestApiException.ThrowIfFailedAsync(response, "Kubernetes API", cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, KubernetesJson.Default.KubeNode, "Node", cancellationToken).ConfigureAwait(false);
    }

    public async Task SetCordonAsync(string name, bool cordon, CancellationToken cancellationToken)
    {
        // A JSON merge patch: null removes the field, so an uncordon leaves the node as if never cordoned.
        // Annotation values are strings; the API server refuses anything else.
        var (annotation, unschedulable) = cordon ? ("\"true\"", "true") : ("null", "null");
        var body = $$$"""{"metadata":{"annotations":{"{{{CordonAnnotation}}}":{{{annotation}}}}},"spec":{"unschedulable":{{{unschedulable}}}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Patch, NodeUri(name))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/merge-patch+json"),
        };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await RestApiException.ThrowIfFailedAsync(response, $"Kubernetes API, {(cordon ? "cordon" : "uncordon")} {name}", cancellationToken).ConfigureAwait(false);
    }

    private Uri NodeUri(string name) => new(_server + nodesPath.TrimEnd('/') + "/" + Uri.EscapeDataString(name));

    private async Task<List<T>> ListAsync<T>(string path, string? query, JsonTypeInfo<KubeList<T>> typeInfo, string kind, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = null;
        var pages = 0;
        do
        {
            var uri = new Uri(_server + path + (path.Contains('?') ? "&" : "?") + "limit=" + pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + (query is null ? "" : "&" + query) + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next)));
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await RestApiException.ThrowIfFailedAsync(response, "Kubernetes API", cancellationToken).ConfigureAwait(false);
            var page = await ReadAsync(response, typeInfo, kind, cancellationToken).ConfigureAwait(false);
            // A list always has "items" (possibly empty); a body without it is not a list, and must not read as "no nodes".
            items.AddRange(page.Items ?? throw new RestApiException($"Kubernetes API: GET {uri} sent a body with no \"items\"; it is not a {kind}"));
            next = string.IsNullOrEmpty(page.Metadata?.Continue) ? null : page.Metadata.Continue;
            // A server that keeps handing out tokens must not keep the loop forever.
            if (++pages > MaxPages)
            {
                throw new RestApiException($"Kubernetes API: GET {path} did not end after {MaxPages} pages of {pageSize}");
            }
        }
        while (next is not null);
        return items;
    }

    private const int MaxPages = 100_000;

    private static Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string kind, CancellationToken cancellationToken) =>
        RestJson.ReadAsync(response, typeInfo, $"a valid Kubernetes {kind}", RestJson.DefaultMaxBytes, cancellationToken);
}
