using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Clues.Core.Http;

namespace Clues.Plugins.Mesos.Api;

/// <summary>
/// <see cref="IMesosApi"/> over HTTP, one client per distinct server setup (the master, Marathon and Chronos may
/// each have their own credentials and TLS trust). Bodies are streamed into the few fields the plugin reads.
/// </summary>
internal sealed class MesosApiClient : IMesosApi, IDisposable
{
    private readonly MesosLrmsOptions _options;
    private readonly Dictionary<RestClientOptions, HttpClient> _clients = [];
    private readonly HttpClient _spark;
    private readonly List<HttpClient> _owned = [];

    /// <summary>Creates the clients. <paramref name="observe"/>, if given, wraps each transport (a benchmark counting bytes).</summary>
    public MesosApiClient(MesosLrmsOptions options, Func<HttpMessageHandler, HttpMessageHandler>? observe = null)
    {
        _options = options;
        foreach (var endpoint in new[] { options.Nodes, options.State, options.Tasks, options.Marathon, options.Chronos, options.ChronosState }.OfType<MesosEndpoint>())
        {
            if (!_clients.ContainsKey(endpoint.Client))
            {
                // A certificate file that exists but is not PEM throws here, naming the file.
                var client = RestClientFactory.Create(endpoint.Client, observe);
                _clients[endpoint.Client] = client;
                _owned.Add(client);
            }
        }
        // A Spark driver's page is public and on another host: no credentials of the master go there.
        _spark = RestClientFactory.Create(new RestClientOptions { BaseAddress = options.Nodes.Url, Timeout = options.RequestTimeout }, observe);
        _owned.Add(_spark);
    }

    public async Task<IReadOnlyList<MesosAgent>> GetAgentsAsync(CancellationToken cancellationToken) =>
        (await GetJsonAsync(_options.Nodes, MesosJson.Default.MesosAgentList, "Mesos master agents", cancellationToken).ConfigureAwait(false)).Agents
        ?? throw NotA(_options.Nodes.Url, "Mesos master agents", "it has no \"slaves\" list");

    public async Task<IReadOnlyList<MesosFramework>> GetFrameworksAsync(CancellationToken cancellationToken) =>
        (await GetJsonAsync(_options.State, MesosJson.Default.MesosState, "Mesos master state", cancellationToken).ConfigureAwait(false)).Frameworks
        ?? throw NotA(_options.State.Url, "Mesos master state", "it has no \"frameworks\" list");

    public async Task<IReadOnlyList<MesosTask>> GetTasksAsync(CancellationToken cancellationToken)
    {
        // CLUES read one page (limit=1000) and never saw the tasks beyond it; the pages are followed with offset.
        var endpoint = _options.Tasks;
        var limit = QueryInt(endpoint.Url, "limit");
        var tasks = new List<MesosTask>();
        for (var page = 0; ; page++)
        {
            var url = limit is { } size and > 0 ? WithQuery(endpoint.Url, "offset", (page * (long)size).ToString(CultureInfo.InvariantCulture)) : endpoint.Url;
            var list = await GetJsonAsync(endpoint with { Url = url }, MesosJson.Default.MesosTaskList, "Mesos master tasks", cancellationToken).ConfigureAwait(false);
            var items = list.Tasks ?? throw NotA(url, "Mesos master tasks", "it has no \"tasks\" list");
            tasks.AddRange(items);
            if (limit is not ({ } n and > 0) || items.Count < n)
            {
                return tasks;
            }
            if (page >= MaxPages)
            {
                throw new RestApiException($"Mesos master tasks: GET {endpoint.Url} did not end after {MaxPages} pages of {n}");
            }
        }
    }

    public async Task<IReadOnlyList<MarathonApp>> GetMarathonAppsAsync(CancellationToken cancellationToken) =>
        _options.Marathon is not { } endpoint ? []
        : (await GetJsonAsync(endpoint, MesosJson.Default.MarathonAppList, "Marathon apps", cancellationToken).ConfigureAwait(false)).Apps
          ?? throw NotA(endpoint.Url, "Marathon apps", "it has no \"apps\" list");

    public async Task<IReadOnlyList<ChronosJob>> GetChronosJobsAsync(CancellationToken cancellationToken) =>
        _options.Chronos is not { } endpoint ? []
        : await GetJsonAsync(endpoint, MesosJson.Default.ListChronosJob, "Chronos jobs", cancellationToken).ConfigureAwait(false);

    public async Task<ChronosGraph> GetChronosGraphAsync(CancellationToken cancellationToken)
    {
        var endpoint = _options.ChronosState ?? throw new InvalidOperationException("MESOS_CHRONOS_STATE_COMMAND is not set");
        using var response = await SendAsync(endpoint, "Chronos job graph", cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(new BoundedStream(stream, MaxBodyBytes, endpoint.Url));
        try
        {
            return await ChronosGraph.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new RestApiException($"Chronos job graph: GET {endpoint.Url} did not send the graph CSV: {ex.Message}", ex);
        }
    }

    public async Task<string> GetSparkEnvironmentAsync(Uri webUi, CancellationToken cancellationToken)
    {
        var url = new Uri(webUi.ToString().TrimEnd('/') + "/environment");
        using var response = await _spark.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await RestApiException.ThrowIfFailedAsync(response, "Spark web UI", cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxSparkPageChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }

    public void Dispose()
    {
        foreach (var client in _owned)
        {
            client.Dispose();
        }
    }

    // Bounds that no real answer reaches, so a broken or hostile server cannot exhaust memory or keep the loop.
    private const int MaxPages = 100_000;
    private const long MaxBodyBytes = 512L << 20;
    private const int MaxSparkPageChars = 1 << 20;

    private async Task<HttpResponseMessage> SendAsync(MesosEndpoint endpoint, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        foreach (var (name, value) in endpoint.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await _clients[endpoint.Client].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await RestApiException.ThrowIfFailedAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }

    private async Task<T> GetJsonAsync<T>(MesosEndpoint endpoint, JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(endpoint, what, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(new BoundedStream(stream, MaxBodyBytes, endpoint.Url), typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the body is 'null'");
        }
        catch (JsonException ex)
        {
            throw NotA(endpoint.Url, what, ex.Message, ex);
        }
    }

    private static RestApiException NotA(Uri url, string what, string why, Exception? inner = null) =>
        new($"{what}: GET {url} did not send the expected JSON: {why}", null, inner);

    private static int? QueryInt(Uri url, string name)
    {
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? (pair[..eq], pair[(eq + 1)..]) : (pair, "");
            if (key == name && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }
        return null;
    }

    private static Uri WithQuery(Uri url, string name, string value)
    {
        var pairs = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)).Append(name + "=" + value);
        return new UriBuilder(url) { Query = string.Join('&', pairs) }.Uri;
    }
}
