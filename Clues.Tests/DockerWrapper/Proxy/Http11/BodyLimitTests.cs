using System.Net.Sockets;
using System.Text;
using Clues.DockerWrapper.Proxy.Http11;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Proxy.Http11;

/// <summary>
/// A body the wrapper reads itself (a create request, an engine answer) never costs more than its limit, whatever
/// the framing: the limit is on the bytes kept, not on what a header declares.
/// </summary>
public sealed class BodyLimitTests
{
    private const int Limit = 1000;

    private static IEnumerable<TestCaseData> OverTheLimit()
    {
        var big = new string('a', Limit + 1);
        yield return new TestCaseData("Content-Length: 1001\r\n", big).SetName("ReadBody_ContentLengthOverLimit_Refused");
        yield return new TestCaseData("Transfer-Encoding: chunked\r\n", $"{Limit + 1:x}\r\n{big}\r\n0\r\n\r\n").SetName("ReadBody_OneChunkOverLimit_Refused");
        yield return new TestCaseData("Transfer-Encoding: chunked\r\n", string.Concat(Enumerable.Repeat("1\r\na\r\n", Limit + 1)) + "0\r\n\r\n")
            .SetName("ReadBody_ManySmallChunksOverLimit_Refused");
        yield return new TestCaseData("Transfer-Encoding: chunked\r\n", $"{Limit + 1:x};name=value;x=\"q\"\r\n{big}\r\n0\r\nX-T: 1\r\n\r\n")
            .SetName("ReadBody_ChunkWithExtensionsAndTrailersOverLimit_Refused");
        yield return new TestCaseData("Transfer-Encoding: chunked\r\n", "7fffffffffffffff\r\n" + big).SetName("ReadBody_HugeChunkSizeHex_RefusedAtTheLimit");
    }

    [TestCaseSource(nameof(OverTheLimit))]
    public async Task ReadBody_OverTheLimit_ThrowsBeforeKeepingMore(string framingHeader, string body)
    {
        var head = Head("POST /containers/create HTTP/1.1\r\nHost: x\r\n" + framingHeader + "\r\n");
        await using var connection = await SocketPair.WithInputAsync(Encoding.ASCII.GetBytes(body));

        Assert.That(async () => await connection.ReadBodyAsync(head, head.RequestFraming(), Limit, CancellationToken.None),
            Throws.TypeOf<InvalidDataException>().With.Message.EqualTo($"body larger than {Limit} bytes"));
    }

    [Test]
    public async Task ReadBody_ResponseUntilCloseOverLimit_Refused()
    {
        var head = Head("HTTP/1.1 200 OK\r\n\r\n");
        await using var connection = await SocketPair.WithInputAsync(new byte[Limit * 3]);

        Assert.That(async () => await connection.ReadBodyAsync(head, head.ResponseFraming("GET"), Limit, CancellationToken.None),
            Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public async Task ReadBody_DeclaredOverLimit_RefusedWithoutWaitingForTheBody()
    {
        var head = Head("POST /containers/create HTTP/1.1\r\nContent-Length: 300000000\r\n\r\n");
        var (connection, peer) = await SocketPair.CreateAsync();
        await using var _ = connection;
        using var __ = peer;

        // Nothing is sent: a read would block, so the refusal must come from the header alone.
        Assert.That(async () => await connection.ReadBodyAsync(head, head.RequestFraming(), Limit, new CancellationTokenSource(5000).Token),
            Throws.TypeOf<InvalidDataException>());
    }

    [TestCase("Content-Length: 1000\r\n", TestName = "ReadBody_ContentLengthAtLimit_Read")]
    [TestCase("Transfer-Encoding: chunked\r\n", TestName = "ReadBody_ChunkedAtLimit_Read")]
    public async Task ReadBody_AtTheLimit_ReadWhole(string framingHeader)
    {
        var payload = new string('b', Limit);
        var body = framingHeader.StartsWith("Transfer", StringComparison.Ordinal) ? $"1f4\r\n{payload[..500]}\r\n1F4;x=y\r\n{payload[500..]}\r\n0\r\nT: 1\r\n\r\n" : payload;
        var head = Head("POST /containers/create HTTP/1.1\r\n" + framingHeader + "\r\n");
        await using var connection = await SocketPair.WithInputAsync(Encoding.ASCII.GetBytes(body));

        var read = await connection.ReadBodyAsync(head, head.RequestFraming(), Limit, CancellationToken.None);

        Assert.That(Encoding.ASCII.GetString(read), Is.EqualTo(payload));
    }

    [Test]
    public async Task ReadBody_NoFraming_IsEmptyAndLeavesTheBytesForTheNextHead()
    {
        var head = Head("POST /containers/create HTTP/1.1\r\nConnection: close\r\n\r\n");
        await using var connection = await SocketPair.WithInputAsync(Encoding.ASCII.GetBytes("{\"Image\":\"x\"}"));

        var read = await connection.ReadBodyAsync(head, head.RequestFraming(), Limit, CancellationToken.None);

        Assert.That(read, Is.Empty);
        Assert.That(async () => await connection.ReadHeadAsync(CancellationToken.None), Throws.TypeOf<InvalidDataException>());
    }

    private static HttpHead Head(string text) => HttpHead.Parse(Encoding.ASCII.GetBytes(text))!;
}
