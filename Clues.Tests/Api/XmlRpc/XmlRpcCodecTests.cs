using System.Text;
using Clues.Core.Api.XmlRpc;
using NUnit.Framework;

namespace Clues.Tests.Api.XmlRpc;

[TestFixture]
public sealed class XmlRpcCodecTests
{
    private static XmlRpcMethodCall Call(string xml) => XmlRpcReader.ParseMethodCall(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    private static object Response(string xml) => XmlRpcReader.ParseMethodResponse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    private static string Params(params string[] values) =>
        "<?xml version='1.0'?><methodCall><methodName>m</methodName><params>"
        + string.Concat(values.Select(v => $"<param><value>{v}</value></param>")) + "</params></methodCall>";

    [Test]
    public void ParseMethodCall_EveryScalarType_BecomesTheDocumentedNetType()
    {
        var call = Call(Params("<int>1</int>", "<i4>-2</i4>", "<i8>8589934592</i8>", "<double>2.5</double>", "<boolean>1</boolean>",
            "<string>a&lt;b</string>", "untyped  ", "<base64>aGk=</base64>", "<dateTime.iso8601>20240131T10:00:00</dateTime.iso8601>"));

        Assert.That(call.Parameters, Is.EqualTo(new object[]
        {
            1L, -2L, 8589934592L, 2.5, true, "a<b", "untyped  ", "hi"u8.ToArray(), new XmlRpcDateTime("20240131T10:00:00"),
        }));
    }

    [Test]
    public void ParseMethodCall_ArrayAndStruct_AreNested()
    {
        var call = Call(Params("<array><data>\n<value><string>wn1</string></value>\n<value>wn2</value>\n</data></array>",
            "<struct><member><name>k</name><value><int>3</int></value></member></struct>"));

        Assert.That(call.Parameters[0], Is.EqualTo(new object[] { "wn1", "wn2" }));
        Assert.That(((IReadOnlyDictionary<string, object>)call.Parameters[1])["k"], Is.EqualTo(3L));
    }

    [Test]
    public void ParseMethodCall_NoParams_HasEmptyList()
    {
        var call = Call("<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n");

        Assert.That(call.MethodName, Is.EqualTo("version"));
        Assert.That(call.Parameters, Is.Empty);
    }

    [TestCase("not xml at all", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><methodName>x</methodName>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodResponse/>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><params/></methodCall>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><methodName>m</methodName><params><param><value><nil/></value></param></params></methodCall>", XmlRpcFaultCodes.UnsupportedType)]
    [TestCase("<methodCall><methodName>m</methodName><params><param><value><int>x</int></value></param></params></methodCall>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><methodName>m</methodName><params><param><value><int>99999999999999999999</int></value></param></params></methodCall>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><methodName>m</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><methodName>m</methodName><params><param><value><float>1</float></value></param></params></methodCall>", XmlRpcFaultCodes.ParseError)]
    [TestCase("<methodCall><methodName>m</methodName><params><param><value><base64>!!</base64></value></param></params></methodCall>", XmlRpcFaultCodes.ParseError)]
    public void ParseMethodCall_BadDocument_ThrowsFaultWithCode(string xml, int code)
    {
        var fault = Assert.Throws<XmlRpcFaultException>(() => Call(xml));

        Assert.That(fault!.FaultCode, Is.EqualTo(code));
    }

    [Test]
    public void ParseMethodCall_Dtd_IsRefusedWithoutExpandingEntities()
    {
        const string xml = "<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
            + "<methodCall><methodName>&b;</methodName></methodCall>";

        var fault = Assert.Throws<XmlRpcFaultException>(() => Call(xml));

        Assert.That(fault!.FaultString, Does.Contain("DTD"));
    }

    [Test]
    public void ParseMethodCall_DeepNesting_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("<array><data><value>", 40)) + "x" + string.Concat(Enumerable.Repeat("</value></data></array>", 40));

        Assert.Throws<XmlRpcFaultException>(() => Call(Params(deep)));
    }

    [Test]
    public void MethodResponse_PythonStylePair_IsWhatPythonWrites()
    {
        // xmlrpc.client.dumps(((True, 'a<b&c'),), methodresponse=True) in CPython 3.11
        const string python = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
            + "<value><boolean>1</boolean></value>\n<value><string>a&lt;b&amp;c</string></value>\n</data></array></value>\n"
            + "</param>\n</params>\n</methodResponse>\n";

        Assert.That(XmlRpcWriter.MethodResponse(new object[] { true, "a<b&c" }), Is.EqualTo(python));
    }

    [Test]
    public void Fault_CodeAndString_IsWhatPythonWrites()
    {
        // xmlrpc.client.dumps(xmlrpc.client.Fault(1, 'boom'), methodresponse=True) in CPython 3.11
        const string python = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
            + "<value><int>1</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>boom</string></value>\n"
            + "</member>\n</struct></value>\n</fault>\n</methodResponse>\n";

        Assert.That(XmlRpcWriter.Fault(1, "boom"), Is.EqualTo(python));
    }

    [Test]
    public void MethodCall_CliRequestCreate_IsWhatPythonClientSends()
    {
        // Captured from CLUES' clues CLI (Python 3.11): clues req_create -c 1 -m 1024
        const string python = "<?xml version='1.0'?>\n<methodCall>\n<methodName>request_create</methodName>\n<params>\n"
            + "<param>\n<value><string></string></value>\n</param>\n<param>\n<value><double>1.0</double></value>\n</param>\n"
            + "<param>\n<value><double>1024.0</double></value>\n</param>\n<param>\n<value><int>1</int></value>\n</param>\n"
            + "<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><string></string></value>\n</param>\n"
            + "</params>\n</methodCall>\n";

        Assert.That(XmlRpcWriter.MethodCall("request_create", ["", 1.0, 1024.0, 1L, 1L, ""]), Is.EqualTo(python));
    }

    [Test]
    public void RoundTrip_NestedValues_ComeBackEqual()
    {
        object value = new object[] { 1L, 8589934592L, 0.5, false, "x", new Dictionary<string, object> { ["a"] = new object[] { "b" } } };

        var parsed = Response(XmlRpcWriter.MethodResponse(value));

        Assert.That(parsed, Is.EqualTo(value));
        Assert.That(XmlRpcWriter.MethodResponse(8589934592L), Does.Contain("<i8>8589934592</i8>"));
    }

    [Test]
    public void ParseMethodResponse_Fault_ThrowsWithCodeAndString()
    {
        var fault = Assert.Throws<XmlRpcFaultException>(() => Response(XmlRpcWriter.Fault(7, "nope")));

        Assert.That((fault!.FaultCode, fault.FaultString), Is.EqualTo((7, "nope")));
    }

    [Test]
    public void MethodResponse_Null_IsRefused() =>
        Assert.Throws<ArgumentException>(() => XmlRpcWriter.MethodResponse(new object?[] { null }!));

    [Test]
    public void MethodResponse_ControlCharacters_StayParseable()
    {
        var parsed = Response(XmlRpcWriter.MethodResponse("a\u0001b\rc"));

        Assert.That(parsed, Is.EqualTo("a\uFFFDb\rc"));
    }
}
