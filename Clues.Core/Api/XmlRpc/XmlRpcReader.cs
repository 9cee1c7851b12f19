using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// Parses XML-RPC documents: <c>methodCall</c> on the server side, <c>methodResponse</c> on the client side.
/// Every problem (malformed XML, a DTD, an unknown or unsupported type, a bad number) becomes an
/// <see cref="XmlRpcFaultException"/>, never another exception.
/// </summary>
/// <remarks>
/// Integers of every width (<c>int</c>, <c>i4</c>, <c>i8</c>) come back as <see cref="long"/>: CLUES clients
/// send memory in bytes, which overflows 32 bits (FIX spec §14 Q29). <c>nil</c> is rejected, as CLUES'
/// server did (it was not created with <c>allow_none</c>).
/// </remarks>
public static class XmlRpcReader
{
    /// <summary>Nested arrays/structs deeper than this are rejected (no CLUES method uses more than 2).</summary>
    public const int MaxDepth = 32;

    /// <summary>Parses a <c>methodCall</c> document.</summary>
    /// <exception cref="XmlRpcFaultException">The document is not a valid method call.</exception>
    public static XmlRpcMethodCall ParseMethodCall(Stream body, long maxCharacters = 0)
    {
        var root = Load(body, maxCharacters);
        if (root.Name.LocalName != "methodCall")
        {
            throw Malformed($"expected <methodCall>, found <{root.Name.LocalName}>");
        }
        var nameElement = root.Element("methodName") ?? throw Malformed("<methodCall> has no <methodName>");
        var name = nameElement.Value.Trim();
        if (name.Length == 0)
        {
            throw Malformed("<methodName> is empty");
        }
        var parameters = new List<object>();
        if (root.Element("params") is { } paramsElement)
        {
            foreach (var param in paramsElement.Elements())
            {
                if (param.Name.LocalName != "param")
                {
                    throw Malformed($"unexpected <{param.Name.LocalName}> in <params>");
                }
                parameters.Add(ParseValue(SingleValue(param), 0));
            }
        }
        return new XmlRpcMethodCall(name, parameters);
    }

    /// <summary>Parses a <c>methodResponse</c> document and returns its single value.</summary>
    /// <exception cref="XmlRpcFaultException">The server answered with a fault, or the document is invalid.</exception>
    public static object ParseMethodResponse(Stream body, long maxCharacters = 0)
    {
        var root = Load(body, maxCharacters);
        if (root.Name.LocalName != "methodResponse")
        {
            throw Malformed($"expected <methodResponse>, found <{root.Name.LocalName}>");
        }
        if (root.Element("fault") is { } fault)
        {
            var value = ParseValue(SingleValue(fault), 0) as IReadOnlyDictionary<string, object>
                ?? throw Malformed("<fault> does not hold a struct");
            var code = value.TryGetValue("faultCode", out var c) && c is long l ? (int)l : 0;
            var text = value.TryGetValue("faultString", out var s) ? Convert.ToString(s, CultureInfo.InvariantCulture) ?? "" : "";
            throw new XmlRpcFaultException(code, text);
        }
        var paramsElement = root.Element("params") ?? throw Malformed("<methodResponse> has neither <params> nor <fault>");
        var param = paramsElement.Elements("param").ToList();
        if (param.Count != 1)
        {
            throw Malformed($"a response carries exactly one <param>, found {param.Count}");
        }
        return ParseValue(SingleValue(param[0]), 0);
    }

    private static XElement Load(Stream body, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(body, settings);
            var document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
            return document.Root ?? throw Malformed("the document is empty");
        }
        catch (XmlException ex)
        {
            throw new XmlRpcFaultException(XmlRpcFaultCodes.ParseError, "malformed XML-RPC message: " + ex.Message, ex);
        }
    }

    private static XElement SingleValue(XElement parent)
    {
        var values = parent.Elements().ToList();
        if (values.Count != 1 || values[0].Name.LocalName != "value")
        {
            throw Malformed($"<{parent.Name.LocalName}> must hold exactly one <value>");
        }
        return values[0];
    }

    private static object ParseValue(XElement value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Malformed($"values nested deeper than {MaxDepth} levels");
        }
        var typed = value.Elements().ToList();
        if (typed.Count == 0)
        {
            // A <value> without a type element is a string, whitespace included.
            return value.Value;
        }
        if (typed.Count > 1)
        {
            throw Malformed("a <value> holds more than one type element");
        }
        var element = typed[0];
        var text = element.Value;
        switch (element.Name.LocalName)
        {
            case "i4" or "int" or "i8":
                return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? integer
                    : throw Malformed($"'{text}' is not a valid <{element.Name.LocalName}>");
            case "boolean":
                return text.Trim() switch
                {
                    "1" or "true" => true,
                    "0" or "false" => false,
                    _ => throw Malformed($"'{text}' is not a valid <boolean> (0 or 1)"),
                };
            case "string":
                return text;
            case "double":
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw Malformed($"'{text}' is not a valid <double>");
            case "base64":
                try
                {
                    return Convert.FromBase64String(text);
                }
                catch (FormatException ex)
                {
                    throw new XmlRpcFaultException(XmlRpcFaultCodes.ParseError, "malformed XML-RPC message: invalid <base64>", ex);
                }
            case "dateTime.iso8601":
                return new XmlRpcDateTime(text.Trim());
            case "array":
                var data = element.Element("data") ?? throw Malformed("<array> has no <data>");
                return data.Elements().Select(v => v.Name.LocalName == "value"
                    ? ParseValue(v, depth + 1)
                    : throw Malformed($"unexpected <{v.Name.LocalName}> in <data>")).ToArray();
            case "struct":
                var members = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var member in element.Elements())
                {
                    var memberName = member.Element("name")?.Value
                        ?? throw Malformed("a struct <member> has no <name>");
                    var memberValue = member.Element("value") ?? throw Malformed($"struct member '{memberName}' has no <value>");
                    members[memberName] = ParseValue(memberValue, depth + 1);
                }
                return members;
            case "nil":
                throw new XmlRpcFaultException(XmlRpcFaultCodes.UnsupportedType, "<nil/> is not supported by this server");
            default:
                throw Malformed($"unknown XML-RPC type <{element.Name.LocalName}>");
        }
    }

    private static XmlRpcFaultException Malformed(string reason) =>
        new(XmlRpcFaultCodes.ParseError, "malformed XML-RPC message: " + reason);
}
