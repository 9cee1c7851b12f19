using System.Text;
using Clues.DockerWrapper.Proxy.Http11;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Proxy.Http11;

/// <summary>Heads and framings that a lenient parser would read differently from the engine are refused.</summary>
public sealed class HttpHeadTests
{
    [TestCase("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", TestName = "RequestFraming_ChunkedAndContentLength_Refused")]
    [TestCase("Transfer-Encoding: gzip, chunked\r\n", TestName = "RequestFraming_OtherCodingFirst_Refused")]
    [TestCase("Transfer-Encoding: chunked, gzip\r\n", TestName = "RequestFraming_ChunkedNotLast_Refused")]
    [TestCase("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", TestName = "RequestFraming_ChunkedTwice_Refused")]
    [TestCase("Transfer-Encoding: xchunked\r\n", TestName = "RequestFraming_UnknownCoding_Refused")]
    [TestCase("Content-Length: +5\r\n", TestName = "RequestFraming_SignedLength_Refused")]
    [TestCase("Content-Length: -1\r\n", TestName = "RequestFraming_NegativeLength_Refused")]
    [TestCase("Content-Length: 5, 5\r\n", TestName = "RequestFraming_ListLength_Refused")]
    [TestCase("Content-Length: 5\r\nContent-Length: 6\r\n", TestName = "RequestFraming_TwoDifferentLengths_Refused")]
    [TestCase("Content-Length: 0x10\r\n", TestName = "RequestFraming_HexLength_Refused")]
    [TestCase("Content-Length: 99999999999999999999\r\n", TestName = "RequestFraming_LengthPastLong_Refused")]
    public void RequestFraming_Ambiguous_Throws(string headers)
    {
        var head = Parse("POST /containers/create HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n")!;

        Assert.That(() => head.RequestFraming(), Throws.TypeOf<InvalidDataException>());
    }

    [TestCase("Transfer-Encoding: Chunked\r\n", "Chunked")]
    [TestCase("Content-Length: 12\r\n", "ContentLength")]
    [TestCase("Content-Length: 12\r\nContent-Length: 12\r\n", "ContentLength")]
    [TestCase("Content-Length: 0\r\n", "None")]
    [TestCase("", "None")]
    public void RequestFraming_Unambiguous_IsRead(string headers, string expected)
    {
        Assert.That(Parse("POST /x HTTP/1.1\r\n" + headers + "\r\n")!.RequestFraming().ToString(), Is.EqualTo(expected));
    }

    [TestCase("POST /x HTTP/1.1\r\nX: a\nTransfer-Encoding: chunked\r\n\r\n", TestName = "Parse_BareLfInsideAField_Refused")]
    [TestCase("POST /x HTTP/1.1\r\nX: a\rTransfer-Encoding: chunked\r\n\r\n", TestName = "Parse_BareCrInsideAField_Refused")]
    [TestCase("POST /x HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n", TestName = "Parse_BlankBeforeColon_Refused")]
    [TestCase("POST /x HTTP/1.1\r\nX: a\r\n chunked\r\n\r\n", TestName = "Parse_FoldedLine_Refused")]
    [TestCase("POST /x HTTP/1.1\r\nX\0: a\r\n\r\n", TestName = "Parse_NulInName_Refused")]
    [TestCase("POST /x y HTTP/1.1\r\n\r\n", TestName = "Parse_BlankInTarget_Refused")]
    [TestCase("POST /x HTTP/2.0\r\n\r\n", TestName = "Parse_OtherVersion_Refused")]
    [TestCase("PO(ST /x HTTP/1.1\r\n\r\n", TestName = "Parse_MethodNotAToken_Refused")]
    [TestCase("POST /x HTTP/1.1\r\nNoColon\r\n\r\n", TestName = "Parse_FieldWithoutColon_Refused")]
    public void Parse_Ambiguous_IsNull(string head)
    {
        Assert.That(Parse(head), Is.Null);
    }

    [Test]
    public void Parse_ResponseWithReasonOfSeveralWords_KeepsIt()
    {
        var head = Parse("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\n")!;

        Assert.That(head.StatusCode, Is.EqualTo(404));
        Assert.That(head.StartLine[2], Is.EqualTo("Not Found"));
        Assert.That(head.ResponseFraming("GET"), Is.EqualTo(BodyFraming.ContentLength));
    }

    private static HttpHead? Parse(string text) => HttpHead.Parse(Encoding.Latin1.GetBytes(text));
}
