using System.Net;
using System.Net.Sockets;
using Clues.DockerWrapper.Proxy.Http11;

namespace Clues.Tests.DockerWrapper.Proxy.Http11;

/// <summary>An <see cref="HttpConnection"/> over real loopback TCP, and the peer socket that feeds it.</summary>
internal static class SocketPair
{
    public static async Task<(HttpConnection Connection, Socket Peer)> CreateAsync()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        return (new HttpConnection(server, new NetworkStream(server, ownsSocket: false)), client);
    }

    /// <summary>A connection that has already received <paramref name="bytes"/> and then end of stream.</summary>
    public static async Task<HttpConnection> WithInputAsync(byte[] bytes)
    {
        var (connection, peer) = await CreateAsync();
        using (peer)
        {
            await peer.SendAsync(bytes);
            peer.Shutdown(SocketShutdown.Send);
        }
        return connection;
    }
}
