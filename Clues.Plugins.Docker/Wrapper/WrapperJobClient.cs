using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Clues.Plugins.Docker.Wrapper;

/// <summary>Reads <c>GET &lt;DOCKER_SERVER&gt;/jobs/list</c> from the docker-wrapper.</summary>
internal sealed class WrapperJobClient(HttpClient http, Uri server) : IWrapperJobSource
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public Uri JobsUri { get; } = new(server, "jobs/list");

    /// <summary>
    /// A client for <paramref name="server"/>: an http(s) URL as it is, or the wrapper's unix socket
    /// (<c>unix:///path</c>), which every request then connects to whatever its URL's host.
    /// </summary>
    /// <param name="server">The <c>DOCKER_SERVER</c> value.</param>
    /// <param name="http">The client made for it; the caller disposes it.</param>
    public static WrapperJobClient Create(Uri server, out HttpClient http)
    {
        if (server.Scheme != "unix")
        {
            http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            return new WrapperJobClient(http, server);
        }
        var socketPath = server.AbsolutePath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return new WrapperJobClient(http, new Uri("http://docker-wrapper/"));
    }

    public async Task<IReadOnlyList<WrapperJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(JobsUri, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"docker-wrapper {JobsUri} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        var jobs = await response.Content.ReadFromJsonAsync<List<WrapperJob>>(JsonOptions, cancellationToken).ConfigureAwait(false);
        // FIX (spec docker §1.3): "[]" is a valid empty list; only a body that is not a list is an error.
        return jobs ?? throw new JsonException($"docker-wrapper {JobsUri} sent 'null' instead of a job list");
    }
}
