using System.Text;
using Clues.Core.Api.XmlRpc;
using NUnit.Framework;

namespace Clues.Tests.Api.XmlRpc;

/// <summary>
/// Hostile nesting: the reader refuses a document as soon as it crosses the depth limit, whatever the element
/// names, without reading (let alone building) the rest of the body.
/// </summary>
[TestFixture]
public sealed class XmlRpcReaderLimitsTests
{
    private const int HostileDepth = 140_000;

    /// <summary>A stream that counts the bytes the reader asked for.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            BytesRead += n;
            return n;
        }
    }

    private static string Nested(string open, string close, int depth, string core = "x") =>
        string.Concat(Enumerable.Repeat(open, depth)) + core + string.Concat(Enumerable.Repeat(close, depth));

    [TestCase("<value><array><data>", "</data></array></value>", TestName = "ParseMethodCall_DeepArrays_StopsAtTheDepthLimit")]
    [TestCase("<value><struct><member><name>n</name>", "</member></struct></value>", TestName = "ParseMethodCall_DeepStructs_StopsAtTheDepthLimit")]
    public void ParseMethodCall_HostileNesting_StopsAtTheDepthLimit(string open, string close)
    {
        var xml = "<methodCall><methodName>m</methodName><params><param>" + Nested(open, close, HostileDepth) + "</param></params></methodCall>";
        using var body = new CountingStream(Encoding.UTF8.GetBytes(xml));

        var fault = Assert.Throws<XmlRpcFaultException>(() => XmlRpcReader.ParseMethodCall(body));

        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.ParseError));
        Assert.That(fault.FaultString, Does.Contain("nested deeper"));
        Assert.That(body.BytesRead, Is.LessThan(64 * 1024), "the reader must stop where the limit is crossed, not read the whole body");
    }

    [TestCase("<a>", "</a>", "<methodCall><methodName>m</methodName><params><param>{0}</param></params></methodCall>")]
    [TestCase("<methodCall>", "</methodCall>", "{0}")]
    [TestCase("<b>", "</b>", "<methodCall><methodName>m</methodName><params><param><value><string>{0}</string></value></param></params></methodCall>")]
    [TestCase("<b>", "</b>", "<methodCall><methodName>{0}</methodName></methodCall>")]
    public void ParseMethodCall_DeepForeignElements_StopsEarly(string open, string close, string frame)
    {
        using var body = new CountingStream(Encoding.UTF8.GetBytes(string.Format(null, frame, Nested(open, close, HostileDepth))));

        var fault = Assert.Throws<XmlRpcFaultException>(() => XmlRpcReader.ParseMethodCall(body));

        Assert.That(fault!.FaultCode, Is.EqualTo(XmlRpcFaultCodes.ParseError));
        Assert.That(body.BytesRead, Is.LessThan(64 * 1024), "the reader must stop at the first element it cannot accept");
    }

    [Test]
    public void ParseMethodCall_NestingAtTheLimit_IsAccepted()
    {
        var value = Nested("<value><array><data>", "</data></array></value>", XmlRpcReader.MaxDepth, "<value>x</value>");
        var xml = "<methodCall><methodName>m</methodName><params><param>" + value + "</param></params></methodCall>";

        var call = XmlRpcReader.ParseMethodCall(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

        var level = call.Parameters[0];
        for (var i = 1; i < XmlRpcReader.MaxDepth; i++)
        {
            level = ((object[])level)[0];
        }
        Assert.That(((object[])level)[0], Is.EqualTo("x"));
    }

    [Test]
    public void ParseMethodCall_TextMixedWithATypeElement_IsRefused()
    {
        var xml = "<methodCall><methodName>m</methodName><params><param><value>a<int>1</int></value></param></params></methodCall>";

        var fault = Assert.Throws<XmlRpcFaultException>(() => XmlRpcReader.ParseMethodCall(new MemoryStream(Encoding.UTF8.GetBytes(xml))));

        Assert.That(fault!.FaultString, Does.Contain("text"));
    }
}
