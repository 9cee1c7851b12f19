using System.Net.Sockets;

namespace Clues.Plugins.Docker.Wrapper;

/// <summary>HTTP clients for the docker-wrapper at its <c>DOCKER_SERVER</c>: an http(s) URL, or its unix socket.</summary>
internal static class WrapperHttp
{
    /// <summary>
    /// A client for <paramref name="server"/>. For <c>unix:///path</c> every request connects to that socket
    /// whatever its URL's host, and <paramref name="baseAddress"/> is a placeholder http URL to build requests on.
    /// </summary>
    public static HttpClient CreateClient(Uri server, TimeSpan timeout, out Uri baseAddress)
    {
        if (server.Scheme != "unix")
        {
            baseAddress = server;
            return new HttpClient { Timeout = timeout };
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
        baseAddress = new Uri("http://docker-wrapper/");
        return new HttpClient(handler) { Timeout = timeout };
    }
}
