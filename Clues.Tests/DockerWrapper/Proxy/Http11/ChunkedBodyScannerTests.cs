using System.Text;
using Clues.DockerWrapper.Proxy.Http11;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Proxy.Http11;

public sealed class ChunkedBodyScannerTests
{
    private const string Body = "5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";

    [Test]
    public void Scan_WholeBodyThenNextRequest_StopsExactlyAtTheEnd()
    {
        var bytes = Encoding.ASCII.GetBytes(Body + "GET /next HTTP/1.1\r\n");
        var scanner = new ChunkedBodyScanner();

        var consumed = scanner.Scan(bytes);

        Assert.That(scanner.IsDone, Is.True);
        Assert.That(consumed, Is.EqualTo(Body.Length));
    }

    [Test]
    public void Scan_ByteByByte_SameResult()
    {
        var bytes = Encoding.ASCII.GetBytes(Body);
        var scanner = new ChunkedBodyScanner();
        var consumed = 0;

        foreach (var b in bytes)
        {
            Assert.That(scanner.IsDone, Is.False);
            consumed += scanner.Scan([b]);
        }

        Assert.That(scanner.IsDone, Is.True);
        Assert.That(consumed, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void Scan_InvalidSize_Throws()
    {
        Assert.That(() => new ChunkedBodyScanner().Scan("zz\r\n"u8), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public async Task CopyChunked_PassThrough_CopiesFramingVerbatimAndLeavesTheRest()
    {
        var (connection, peer) = await SocketPairAsync();
        await using var _ = connection;
        using var __ = peer;
        await peer.SendAsync(Encoding.ASCII.GetBytes(Body + "NEXT"));
        using var sink = new MemoryStream();

        await connection.CopyChunkedAsync(sink, decode: false, CancellationToken.None);
        var rest = new byte[4];
        var n = await connection.ReadAsync(rest, CancellationToken.None);

        Assert.That(Encoding.ASCII.GetString(sink.ToArray()), Is.EqualTo(Body));
        Assert.That(Encoding.ASCII.GetString(rest, 0, n), Is.EqualTo("NEXT"));
    }

    [Test]
    public async Task CopyChunked_Decode_WritesOnlyPayload()
    {
        var (connection, peer) = await SocketPairAsync();
        await using var _ = connection;
        using var __ = peer;
        await peer.SendAsync(Encoding.ASCII.GetBytes(Body));
        using var sink = new MemoryStream();

        await connection.CopyChunkedAsync(sink, decode: true, CancellationToken.None);

        Assert.That(Encoding.ASCII.GetString(sink.ToArray()), Is.EqualTo("helloabcdefghijklmnopqrstuvwxyz"));
    }

    private static async Task<(HttpConnection Connection, System.Net.Sockets.Socket Peer)> SocketPairAsync()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        return (new HttpConnection(server, new System.Net.Sockets.NetworkStream(server, ownsSocket: false)), client);
    }
}
