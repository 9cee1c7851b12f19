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

    [TestCase("zz\r\n", TestName = "Scan_NotHex_Throws")]
    [TestCase("\r\n", TestName = "Scan_NoSize_Throws")]
    [TestCase("5\nhello\r\n", TestName = "Scan_BareLfAfterSize_Throws")]
    [TestCase("1\r2\r\n", TestName = "Scan_CrInsideSize_Throws")]
    [TestCase("5\r\nhelloXX0\r\n\r\n", TestName = "Scan_DataLongerThanItsSize_Throws")]
    [TestCase("5\r\nhello\n0\r\n\r\n", TestName = "Scan_BareLfAfterData_Throws")]
    [TestCase("1 2\r\n", TestName = "Scan_BlankInsideSize_Throws")]
    [TestCase("00000000000000001\r\n", TestName = "Scan_SeventeenHexDigits_Throws")]
    [TestCase("8000000000000000\r\n", TestName = "Scan_SizePastLongMax_Throws")]
    [TestCase("1;a\nb\r\n", TestName = "Scan_LfInExtension_Throws")]
    [TestCase("0\r\nX: y\n\r\n", TestName = "Scan_BareLfInTrailer_Throws")]
    public void Scan_MalformedFraming_Throws(string framing)
    {
        Assert.That(() => new ChunkedBodyScanner().Scan(Encoding.ASCII.GetBytes(framing)), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void Scan_EndlessExtensionOrTrailer_StopsAtItsBound()
    {
        var extension = Encoding.ASCII.GetBytes("1;" + new string('x', ChunkedBodyScanner.MaxLineLength));
        var trailers = Encoding.ASCII.GetBytes("0\r\n" + string.Concat(Enumerable.Repeat("X-A: " + new string('y', 1000) + "\r\n", 70)));

        Assert.That(() => new ChunkedBodyScanner().Scan(extension), Throws.TypeOf<InvalidDataException>().With.Message.Contains("too long"));
        Assert.That(() => new ChunkedBodyScanner().Scan(trailers), Throws.TypeOf<InvalidDataException>().With.Message.Contains("trailers larger"));
    }

    [Test]
    public void Scan_SixteenHexDigitsWithLeadingZeros_IsASize()
    {
        var scanner = new ChunkedBodyScanner();
        var payload = new List<Range>();

        var consumed = scanner.Scan("0000000000000003\r\nabc\r\n0\r\n\r\n"u8, payload);

        Assert.That(scanner.IsDone, Is.True);
        Assert.That(consumed, Is.EqualTo(28));
        Assert.That(payload.Select(r => r.GetOffsetAndLength(consumed)), Is.EqualTo(new[] { (18, 3) }));
    }

    [Test]
    public async Task CopyChunked_PassThrough_CopiesFramingVerbatimAndLeavesTheRest()
    {
        var (connection, peer) = await SocketPair.CreateAsync();
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
        var (connection, peer) = await SocketPair.CreateAsync();
        await using var _ = connection;
        using var __ = peer;
        await peer.SendAsync(Encoding.ASCII.GetBytes(Body));
        using var sink = new MemoryStream();

        await connection.CopyChunkedAsync(sink, decode: true, CancellationToken.None);

        Assert.That(Encoding.ASCII.GetString(sink.ToArray()), Is.EqualTo("helloabcdefghijklmnopqrstuvwxyz"));
    }
}
