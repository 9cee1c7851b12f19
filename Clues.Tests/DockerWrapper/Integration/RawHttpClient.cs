using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>A client socket that writes whatever bytes a test wants, for hostile requests no HTTP library sends.</summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly Socket _socket;

    private RawHttpClient(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<RawHttpClient> ConnectAsync(EndPoint endpoint, CancellationToken ct)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, ct);
        return new RawHttpClient(socket);
    }

    public Task SendAsync(string text, CancellationToken ct) => SendAsync(Encoding.Latin1.GetBytes(text), ct);

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => await _socket.SendAsync(bytes, SocketFlags.None, ct);

    /// <summary>Reads one response (head and a Content-Length body); null when the server closed first.</summary>
    public async Task<string?> ReadResponseAsync(CancellationToken ct)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.Latin1.GetString(received.ToArray());
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var lengthLine = text[..headEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var length = lengthLine is null ? 0 : int.Parse(lengthLine.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (received.Count >= headEnd + 4 + length)
                {
                    return text[..(headEnd + 4 + length)];
                }
            }
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            }
            catch (SocketException) when (received.Count == 0)
            {
                return null;
            }
            if (n == 0)
            {
                return received.Count == 0 ? null : Encoding.Latin1.GetString(received.ToArray());
            }
            received.AddRange(buffer.AsSpan(0, n));
        }
    }

    /// <summary>True once the server has closed its side (a read returns end of stream or a reset).</summary>
    public async Task<bool> IsClosedByServerAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await _socket.ReceiveAsync(buffer, SocketFlags.None, ct) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();
}
