using System.Text;
using Clues.Core.Api.XmlRpc;
using CsCheck;
using NUnit.Framework;

namespace Clues.Tests.Api.XmlRpc;

/// <summary>
/// Property tests of the XML-RPC reader: random values survive a write/read round trip, and random or mutated
/// documents either parse or give the documented <see cref="XmlRpcFaultException"/>, never another exception, and
/// never hang.
/// </summary>
[TestFixture]
public sealed class XmlRpcReaderFuzzTests
{
    /// <summary>Far above any parse of these small inputs: only a hang (an endless loop) can reach it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcXYZ019 _-.:<>&'\"\t\n/é€"], 0, 12];

    private static readonly Gen<object> Scalar = Gen.OneOf<object>(
        Gen.Long.Select(l => (object)l),
        Gen.Bool.Select(b => (object)b),
        Text.Select(s => (object)s),
        Gen.Double.Where(double.IsFinite).Select(d => (object)d),
        Gen.Byte.Array[0, 8].Select(b => (object)b));

    private static readonly Gen<object> Value = Gen.Recursive<object>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, value.Array[0, 4].Select(items => (object)items)),
            (1, Gen.Select(Text, value).Array[0, 4].Select(members =>
                (object)members.GroupBy(m => m.Item1).ToDictionary(g => g.Key, g => g.Last().Item2, StringComparer.Ordinal)))));

    /// <summary>Bytes a mutation inserts: markup pieces more often than noise, so the reader goes deep.</summary>
    private static readonly Gen<string> Fragment = Gen.OneOf(
        "<", ">", "</", "/>", "<value>", "</value>", "<array><data>", "</data></array>", "<struct>", "<member>", "<name>",
        "</name>", "<int>", "</int>", "<i8>", "<string>", "<nil/>", "<base64>", "&amp;", "&#0;", "&#x10FFFF;", "&unknown;",
        "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "<!DOCTYPE a>", "\u0000", "\uFFFF", "\uD800", "<a b='1'>", "xmlns:p='u'",
        "<p:value>", " ", "\n", "9999999999999999999999", "-", "1e400");

    private static void ParseOrFault(string document)
    {
        var parse = Task.Run(() =>
        {
            try
            {
                XmlRpcReader.ParseMethodCall(new MemoryStream(Encoding.UTF8.GetBytes(document)), 1024 * 1024);
            }
            catch (XmlRpcFaultException fault)
            {
                // The documented outcome of a bad document: a parse error or an unsupported type, with a reason.
                Assert.That(fault.FaultCode, Is.EqualTo(XmlRpcFaultCodes.ParseError).Or.EqualTo(XmlRpcFaultCodes.UnsupportedType), fault.FaultString);
                Assert.That(fault.FaultString, Is.Not.Empty);
            }
        });
        Assert.That(parse.Wait(HangBound), Is.True, "the reader did not finish: " + document);
        parse.GetAwaiter().GetResult();
    }

    [Test]
    public void RandomValues_WriteThenRead_RoundTrip()
    {
        Value.Array[0, 5].Sample(parameters =>
        {
            var document = XmlRpcWriter.MethodCall("m", parameters);

            var call = XmlRpcReader.ParseMethodCall(new MemoryStream(Encoding.UTF8.GetBytes(document)));

            Assert.That(call.MethodName, Is.EqualTo("m"));
            Assert.That(call.Parameters, Is.EqualTo(parameters.Select(Widen)), document);
        }, iter: 2000);
    }

    [Test]
    public void MutatedValidDocuments_ParseOrFault()
    {
        var mutated = Gen.Select(Value.Array[0, 4], Gen.Int[0, 1000], Gen.Int[0, 20], Fragment.Array[1, 6], Gen.Int[0, 3],
            (parameters, at, length, inserts, kind) =>
            {
                var document = XmlRpcWriter.MethodCall("m", parameters);
                var start = at % (document.Length + 1);
                var cut = Math.Min(length, document.Length - start);
                return kind switch
                {
                    0 => document.Remove(start, cut),
                    1 => document.Insert(start, string.Concat(inserts)),
                    2 => document.Remove(start, cut).Insert(start, string.Concat(inserts)),
                    _ => document.Insert(start, document.Substring(start, cut)),
                };
            });

        mutated.Sample(ParseOrFault, iter: 3000);
    }

    [Test]
    public void RandomMarkup_ParseOrFault()
    {
        var markup = Gen.Select(Fragment.Array[0, 40], Gen.Bool, (pieces, framed) => framed
            ? "<methodCall><methodName>m</methodName><params><param>" + string.Concat(pieces) + "</param></params></methodCall>"
            : string.Concat(pieces));

        markup.Sample(ParseOrFault, iter: 3000);
    }

    [Test]
    public void RandomText_ParseOrFault()
    {
        Gen.String[0, 200].Sample(ParseOrFault, iter: 2000);
    }

    [Test]
    public void HostileShapes_SmallSizes_ParseOrFault()
    {
        foreach (var (_, body) in HostileXmlRpcBodies.All(16 * 1024))
        {
            ParseOrFault(body);
        }
    }

    // The reader returns every integer as long and arrays as object[]; dictionaries compare by content.
    private static object Widen(object value) => value switch
    {
        object[] items => items.Select(Widen).ToArray(),
        Dictionary<string, object> members => members.ToDictionary(m => m.Key, m => Widen(m.Value), StringComparer.Ordinal),
        _ => value,
    };
}
