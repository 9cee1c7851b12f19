using System.Text;

namespace Clues.Tests.Api.XmlRpc;

/// <summary>
/// The most expensive <c>methodCall</c> bodies a client can send within a size limit: deep nesting (of any element
/// names), wide structures, long strings, many entities. Used by the worst-case timing harness and as fuzz seeds.
/// </summary>
internal static class HostileXmlRpcBodies
{
    private const string Head = "<?xml version='1.0'?><methodCall><methodName>status</methodName><params>";
    private const string Tail = "</params></methodCall>";

    /// <summary>Each shape filled up to about <paramref name="limit"/> bytes.</summary>
    public static IEnumerable<(string Name, string Body)> All(int limit) =>
    [
        ("nested foreign elements", Param("<value><array><data>" + Repeat("<a>", "</a>", (limit - 200) / 7) + "</data></array></value>")),
        ("nested arrays", Param(Repeat("<value><array><data>", "</data></array></value>", (limit - 200) / 44))),
        ("nested structs", Param(Repeat("<value><struct><member><name>n</name>", "</member></struct></value>", (limit - 200) / 64))),
        ("wide array of ints", Param("<value><array><data>" + Times("<value><i4>12345</i4></value>", (limit - 200) / 29) + "</data></array></value>")),
        ("struct of many members", Param("<value><struct>" + string.Concat(Enumerable.Range(0, (limit - 200) / 64)
            .Select(i => $"<member><name>k{i:D7}</name><value><i4>1</i4></value></member>")) + "</struct></value>")),
        ("struct, one name repeated", Param("<value><struct>" + Times("<member><name>same</name><value><i4>1</i4></value></member>", (limit - 200) / 62) + "</struct></value>")),
        ("many params", Head + Times("<param><value>x</value></param>", (limit - 200) / 31) + Tail),
        ("one long string", Param("<value><string>" + new string('x', limit - 250) + "</string></value>")),
        ("string of entities", Param("<value><string>" + Times("&amp;", (limit - 250) / 5) + "</string></value>")),
        ("long invalid integer", Param("<value><int>" + new string('9', limit - 250) + "</int></value>")),
        ("long method name", "<methodCall><methodName>" + new string('m', limit - 100) + "</methodName></methodCall>"),
    ];

    private static string Param(string value) => Head + "<param>" + value + "</param>" + Tail;

    private static string Times(string unit, int count) => new StringBuilder(unit.Length * count).Insert(0, unit, count).ToString();

    private static string Repeat(string open, string close, int depth) => Times(open, depth) + Times(close, depth);
}
