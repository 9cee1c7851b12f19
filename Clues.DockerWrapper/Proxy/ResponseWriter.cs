using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Clues.DockerWrapper.Proxy;

/// <summary>Writes the responses the wrapper produces itself, in the engine's style.</summary>
internal static class ResponseWriter
{
    /// <summary>A complete response with a body; errors use Docker's <c>{"message": ...}</c> shape (see <see cref="ErrorAsync"/>).</summary>
    public static async Task WriteAsync(Stream client, int status, string contentType, byte[] body, bool headOnly, CancellationToken ct,
        bool closeConnection = false)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n")
            .Append("Server: clues-docker-wrapper\r\n")
            .Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r")).Append("\r\n");
        if (status != 204 && status != 304)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }
        if (closeConnection)
        {
            head.Append("Connection: close\r\n");
        }
        head.Append("\r\n");
        await client.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        if (!headOnly && status != 204 && status != 304 && body.Length > 0)
        {
            await client.WriteAsync(body, ct);
        }
        await client.FlushAsync(ct);
    }

    public static Task JsonAsync(Stream client, int status, JsonNode body, CancellationToken ct, bool headOnly = false, bool closeConnection = false) =>
        WriteAsync(client, status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString() + "\n"), headOnly, ct, closeConnection);

    public static Task NoContentAsync(Stream client, CancellationToken ct) =>
        WriteAsync(client, 204, "", [], false, ct);

    public static Task ErrorAsync(Stream client, int status, string message, CancellationToken ct, bool closeConnection = false) =>
        JsonAsync(client, status, new JsonObject { ["message"] = message }, ct, closeConnection: closeConnection);

    /// <summary>Starts a chunked response (long polls: wait), so the client knows the request is registered.</summary>
    public static async Task StartChunkedAsync(Stream client, int status, string contentType, CancellationToken ct)
    {
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nServer: clues-docker-wrapper\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n";
        await client.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await client.FlushAsync(ct);
    }

    public static async Task WriteChunkAsync(Stream client, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.Length == 0)
        {
            return;
        }
        await client.WriteAsync(Encoding.ASCII.GetBytes(data.Length.ToString("x") + "\r\n"), ct);
        await client.WriteAsync(data, ct);
        await client.WriteAsync("\r\n"u8.ToArray(), ct);
        await client.FlushAsync(ct);
    }

    public static async Task EndChunkedAsync(Stream client, CancellationToken ct)
    {
        await client.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
        await client.FlushAsync(ct);
    }

    /// <summary>Answers an attach with a hijacked raw stream, as the engine does (API ≥ 1.42 content types).</summary>
    public static async Task UpgradeAsync(Stream client, bool tty, CancellationToken ct)
    {
        var type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        var head = $"HTTP/1.1 101 UPGRADED\r\nContent-Type: {type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
        await client.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await client.FlushAsync(ct);
    }

    private static string Reason(int status) => status switch
    {
        101 => "UPGRADED",
        _ => Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : "Status",
    };
}
