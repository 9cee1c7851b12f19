using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Clues.Core.Http;

namespace Clues.Plugins.Im.Api;

/// <summary>
/// <see cref="IImApi"/> over HTTP: IM's <c>Authorization</c> header from the auth file on every request, JSON lists
/// through source-generated System.Text.Json, RADL as text.
/// </summary>
/// <remarks>
/// A call succeeds on 200 only, as in CLUES. IM names infrastructures and VMs by URL; a URL outside the configured
/// servers is refused rather than followed, so a broken or hostile answer cannot send the credentials elsewhere.
/// </remarks>
internal sealed class ImRestClient : IImApi, IDisposable
{
    /// <summary>The largest answer read; a RADL or a TOSCA template is a few kilobytes.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue Text = new("text/*");

    private readonly HttpClient _http;
    private readonly Uri[] _trusted;

    /// <summary>A client for the IM at <paramref name="options"/>' URL; <paramref name="infrastructure"/> is also trusted when it is elsewhere.</summary>
    public ImRestClient(RestClientOptions options, string authFile, Uri? infrastructure)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new HttpClient(new AuthHandler(authFile) { InnerHandler = RestClientFactory.CreateTransport(options) })
        {
            Timeout = options.Timeout,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
        _trusted = infrastructure is null ? [options.BaseAddress] : [options.BaseAddress, infrastructure];
        BaseAddress = options.BaseAddress;
    }

    /// <summary>The REST API's URL.</summary>
    public Uri BaseAddress { get; }

    public async Task<IReadOnlyList<Uri>> ListInfrastructuresAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(BaseAddress.OriginalString.TrimEnd('/') + "/infrastructures");
        return await UriListAsync(HttpMethod.Get, url, null, "listing the infrastructures", cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Uri>> ListVmsAsync(Uri infrastructure, CancellationToken cancellationToken) =>
        UriListAsync(HttpMethod.Get, infrastructure, null, "listing the VMs", cancellationToken);

    public Task<string> GetVmRadlAsync(Uri vm, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Get, vm, "reading the VM", cancellationToken);

    public Task<string> GetVmContextualizationLogAsync(Uri vm, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Get, Child(vm, "contmsg"), "reading the VM's contextualization log", cancellationToken);

    public Task<string> GetInfrastructureRadlAsync(Uri infrastructure, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Get, Child(infrastructure, "radl"), "reading the infrastructure's RADL", cancellationToken);

    public async Task<string> GetInfrastructureToscaAsync(Uri infrastructure, CancellationToken cancellationToken)
    {
        const string what = "reading the infrastructure's TOSCA template";
        using var response = await SendAsync(HttpMethod.Get, Child(infrastructure, "tosca"), Json, null, what, cancellationToken).ConfigureAwait(false);
        var tosca = await ReadJsonAsync(response, ImJsonContext.Default.ImTosca, what, cancellationToken).ConfigureAwait(false);
        return tosca?.Tosca ?? throw new RestApiException($"{what}: the answer has no \"tosca\" string");
    }

    public Task<IReadOnlyList<Uri>> AddResourcesAsync(Uri infrastructure, string document, bool tosca, CancellationToken cancellationToken)
    {
        var content = new StringContent(document, Encoding.UTF8, tosca ? "text/yaml" : "text/plain");
        return UriListAsync(HttpMethod.Post, infrastructure, content, "adding a VM", cancellationToken);
    }

    public Task StartVmAsync(Uri vm, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Put, Child(vm, "start"), "starting the VM", cancellationToken);

    public Task StopVmAsync(Uri vm, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Put, Child(vm, "stop"), "stopping the VM", cancellationToken);

    public Task DeleteVmAsync(Uri vm, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Delete, vm, "deleting the VM", cancellationToken);

    public Task<string> SnapshotDiskAsync(Uri vm, string imageName, CancellationToken cancellationToken) =>
        TextAsync(HttpMethod.Put, new Uri(vm.OriginalString.TrimEnd('/') + "/disks/0/snapshot?image_name=" + Uri.EscapeDataString(imageName) + "&auto_delete=1"),
            "saving the VM's disk as an image", cancellationToken);

    private static Uri Child(Uri resource, string name) => new(resource.OriginalString.TrimEnd('/') + "/" + name);

    private async Task<string> TextAsync(HttpMethod method, Uri url, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, url, method == HttpMethod.Get ? Text : null, null, what, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Uri>> UriListAsync(HttpMethod method, Uri url, HttpContent? content, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, url, Json, content, what, cancellationToken).ConfigureAwait(false);
        var list = await ReadJsonAsync(response, ImJsonContext.Default.ImUriList, what, cancellationToken).ConfigureAwait(false);
        if (list?.UriList is not { } items)
        {
            throw new RestApiException($"{what}: {method} {url} answered without a \"uri-list\"");
        }
        var uris = new List<Uri>(items.Count);
        foreach (var item in items)
        {
            if (item?.Uri is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                throw new RestApiException($"{what}: {method} {url} answered an entry of \"uri-list\" that is not an absolute URL");
            }
            uris.Add(Trusted(uri, what));
        }
        return uris;
    }

    private Uri Trusted(Uri uri, string what)
    {
        foreach (var trusted in _trusted)
        {
            if (uri.Scheme == trusted.Scheme && string.Equals(uri.Host, trusted.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == trusted.Port)
            {
                return uri;
            }
        }
        throw new RestApiException($"{what}: IM answered {uri.GetLeftPart(UriPartial.Authority)}, which is not the configured IM server " +
            $"{BaseAddress.GetLeftPart(UriPartial.Authority)}; it is not followed");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, MediaTypeWithQualityHeaderValue? accept, HttpContent? content,
        string what, CancellationToken cancellationToken)
    {
        Trusted(url, what);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.Add(accept);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RestApiException($"{what}: {method} {url} did not answer within {_http.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RestApiException($"{what}: {method} {url} failed: {ex.Message}", ex);
        }
        try
        {
            await RestApiException.ThrowIfFailedAsync(response, what, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // CLUES took nothing but 200 as a success.
                throw new RestApiException($"{what}: {method} {url} answered {(int)response.StatusCode} {response.ReasonPhrase}, not 200 OK", response.StatusCode);
            }
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        string what, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            var request = response.RequestMessage;
            throw new RestApiException($"{what}: {request?.Method} {request?.RequestUri} answered a body that is not the JSON expected: {ex.Message}", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>IM's <c>Authorization</c> header, read from the auth file before every request.</summary>
    private sealed class AuthHandler(string authFile) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = await ImAuthFile.ReadHeaderAsync(authFile, cancellationToken).ConfigureAwait(false);
            // IM's credentials are not a scheme and a parameter, so the header goes in unparsed.
            request.Headers.TryAddWithoutValidation("Authorization", header);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
