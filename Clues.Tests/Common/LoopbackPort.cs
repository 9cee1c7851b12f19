using System.Net;
using System.Net.Sockets;

namespace Clues.Tests.Common;

/// <summary>Ports for servers the tests start (clues-host, the wrapper, fake servers, engines).</summary>
public static class LoopbackPort
{
    /// <summary>A loopback TCP port that was free a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
