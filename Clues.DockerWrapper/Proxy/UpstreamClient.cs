using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;
using Clues.DockerWrapper.Proxy.Http11;

namespace Clues.DockerWrapper.Proxy;

/// <summary>The wrapper's own calls to the engine (dispatch, status, logs of jobs), over the same transport as the proxy.</summary>
/// <remarks>Paths are unversioned: the engine then uses its own (newest) API version.</remarks>
internal sealed class UpstreamClient
{
    private const long MaxBody = 64L * 1024 * 1024;
    private readonly UpstreamConnector _connector;

    public UpstreamClient(UpstreamConnector connector)
    {
        _connector = connector;
    }

    /// <summary>Sends a request and reads the whole response.</summary>
    /// <exception cref="UpstreamException">The engine is unreachable or the exchange broke.</exception>
    public async Task<UpstreamResponse> SendAsync(string method, string path, JsonNode? body, CancellationToken ct)
    {
        var (connection, head) = await OpenAsync(method, path, body, ct);
        await using (connection)
        {
            try
            {
                var bytes = await connection.ReadBodyAsync(head, head.ResponseFraming(method), MaxBody, ct);
                return new UpstreamResponse(head.StatusCode, bytes);
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException)
            {
                throw new UpstreamException($"{method} {path}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Sends a request and returns the connection positioned at the response body, for streaming.</summary>
    /// <exception cref="UpstreamException">The engine is unreachable or the exchange broke.</exception>
    public async Task<(HttpConnection Connection, HttpHead Head)> OpenAsync(string method, string path, JsonNode? body, CancellationToken ct)
    {
        HttpConnection connection;
        try
        {
            connection = await _connector.ConnectAsync(ct);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            throw new UpstreamException($"cannot reach the Docker engine at {_connector.Endpoint}: {ex.Message}", ex);
        }
        try
        {
            var payload = body is null ? [] : Encoding.UTF8.GetBytes(body.ToJsonString());
            var head = new StringBuilder()
                .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
                .Append("Host: docker\r\nUser-Agent: clues-docker-wrapper\r\nConnection: close\r\n");
            if (body is not null)
            {
                head.Append("Content-Type: application/json\r\n");
            }
            if (body is not null || method is "POST" or "PUT")
            {
                head.Append("Content-Length: ").Append(payload.Length).Append("\r\n");
            }
            head.Append("\r\n");
            await connection.Stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
            if (payload.Length > 0)
            {
                await connection.Stream.WriteAsync(payload, ct);
            }
            await connection.Stream.FlushAsync(ct);
            var response = await connection.ReadHeadAsync(ct)
                ?? throw new UpstreamException($"{method} {path}: the engine closed the connection without answering");
            return (connection, response);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or AuthenticationException)
        {
            await connection.DisposeAsync();
            throw new UpstreamException($"{method} {path}: {ex.Message}", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
