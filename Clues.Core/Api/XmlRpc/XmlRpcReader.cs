using System.Globalization;
using System.Text;
using System.Xml;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// Parses XML-RPC documents: <c>methodCall</c> on the server side, <c>methodResponse</c> on the client side.
/// Every problem (malformed XML, a DTD, an unknown or unsupported type, a bad number, too deep a nesting) becomes
/// an <see cref="XmlRpcFaultException"/>, never another exception.
/// </summary>
/// <remarks>
/// <para>
/// The document is read in one forward pass over an <see cref="XmlReader"/>, never loaded into a tree: the cost is
/// linear in its size, and the pass stops at the first element that is out of place or nested deeper than
/// <see cref="MaxElementDepth"/>, without reading the rest of the body. The server parses before it checks the
/// secret, so an anonymous client must not be able to buy more work than the bytes it sends.
/// </para>
/// <para>
/// Integers of every width (<c>int</c>, <c>i4</c>, <c>i8</c>) come back as <see cref="long"/>: CLUES clients
/// send memory in bytes, which overflows 32 bits (FIX spec §14 Q29). <c>nil</c> is rejected, as CLUES'
/// server did (it was not created with <c>allow_none</c>). Scalars hold text only, and a <c>value</c> holds
/// either text or one type element.
/// </para>
/// </remarks>
public static class XmlRpcReader
{
    /// <summary>Nested arrays/structs deeper than this are rejected (no CLUES method uses more than 2).</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The deepest element a valid document can hold: <c>methodCall/params/param/value</c>, three levels per
    /// array or struct (<c>array/data/value</c>, <c>struct/member/value</c>), then a type element and its text.
    /// </summary>
    public const int MaxElementDepth = 3 + 3 * (MaxDepth + 1) + 2;

    /// <summary>Parses a <c>methodCall</c> document.</summary>
    /// <param name="body">The document.</param>
    /// <param name="maxCharacters">The most characters the document may hold; 0 = no limit.</param>
    /// <exception cref="XmlRpcFaultException">The document is not a valid method call.</exception>
    public static XmlRpcMethodCall ParseMethodCall(Stream body, long maxCharacters = 0) =>
        Parse(body, maxCharacters, reader => reader.MethodCall());

    /// <summary>Parses a <c>methodResponse</c> document and returns its single value.</summary>
    /// <param name="body">The document.</param>
    /// <param name="maxCharacters">The most characters the document may hold; 0 = no limit.</param>
    /// <exception cref="XmlRpcFaultException">The server answered with a fault, or the document is invalid.</exception>
    public static object ParseMethodResponse(Stream body, long maxCharacters = 0) =>
        Parse(body, maxCharacters, reader => reader.MethodResponse());

    private static T Parse<T>(Stream body, long maxCharacters, Func<DocumentReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(body);
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
            using var xml = XmlReader.Create(body, settings);
            return read(new DocumentReader(xml));
        }
        catch (XmlException ex)
        {
            throw new XmlRpcFaultException(XmlRpcFaultCodes.ParseError, "malformed XML-RPC message: " + ex.Message, ex);
        }
    }

    internal static XmlRpcFaultException Malformed(string reason) =>
        new(XmlRpcFaultCodes.ParseError, "malformed XML-RPC message: " + reason);

    /// <summary>
    /// A recursive-descent reader over the XML tokens. Each element method starts on the element's start tag and
    /// returns after its end tag; <see cref="Next"/> is the only way forward and enforces the depth limit.
    /// </summary>
    private sealed class DocumentReader(XmlReader xml)
    {
        public XmlRpcMethodCall MethodCall()
        {
            Root("methodCall");
            string? name = null;
            List<object>? parameters = null;
            Children("methodCall", child =>
            {
                switch (child)
                {
                    case "methodName" when name is null:
                        name = Text("methodName").Trim();
                        break;
                    case "params" when parameters is null:
                        var list = new List<object>();
                        parameters = list;
                        Children("params", param => list.Add(param == "param"
                            ? SingleValue("param")
                            : throw Unexpected(param, "params")));
                        break;
                    default:
                        throw Unexpected(child, "methodCall");
                }
            });
            if (name is null)
            {
                throw Malformed("<methodCall> has no <methodName>");
            }
            return name.Length == 0 ? throw Malformed("<methodName> is empty") : new XmlRpcMethodCall(name, parameters ?? []);
        }

        public object MethodResponse()
        {
            Root("methodResponse");
            List<object>? values = null;
            IReadOnlyDictionary<string, object>? fault = null;
            Children("methodResponse", child =>
            {
                switch (child)
                {
                    case "params" when values is null && fault is null:
                        values = [];
                        Children("params", param => values.Add(param == "param"
                            ? SingleValue("param")
                            : throw Unexpected(param, "params")));
                        break;
                    case "fault" when values is null && fault is null:
                        fault = SingleValue("fault") as IReadOnlyDictionary<string, object>
                            ?? throw Malformed("<fault> does not hold a struct");
                        break;
                    default:
                        throw Unexpected(child, "methodResponse");
                }
            });
            if (fault is not null)
            {
                var code = fault.TryGetValue("faultCode", out var c) && c is long l ? (int)l : 0;
                var text = fault.TryGetValue("faultString", out var s) ? Convert.ToString(s, CultureInfo.InvariantCulture) ?? "" : "";
                throw new XmlRpcFaultException(code, text);
            }
            if (values is null)
            {
                throw Malformed("<methodResponse> has neither <params> nor <fault>");
            }
            return values.Count == 1 ? values[0] : throw Malformed($"a response carries exactly one <param>, found {values.Count}");
        }

        private void Root(string expected)
        {
            if (xml.MoveToContent() != XmlNodeType.Element)
            {
                throw Malformed("the document is empty");
            }
            if (xml.LocalName != expected)
            {
                throw Malformed($"expected <{expected}>, found <{xml.LocalName}>");
            }
        }

        /// <summary>Moves to the next token, refusing an element nested too deep the moment it is met.</summary>
        private void Next()
        {
            if (xml.Depth == 0 && (xml.NodeType == XmlNodeType.EndElement || xml.IsEmptyElement))
            {
                // The root's end tag: the XML reader itself refuses anything but comments and whitespace after it.
                while (xml.Read())
                {
                }
                return;
            }
            if (!xml.Read())
            {
                throw Malformed("the document ends early");
            }
            if (xml.NodeType == XmlNodeType.Element && xml.Depth > MaxElementDepth)
            {
                throw Malformed($"values nested deeper than {MaxDepth} levels");
            }
        }

        /// <summary>Reads an element that holds only elements (whitespace between them is fine).</summary>
        private void Children(string element, Action<string> child)
        {
            if (xml.IsEmptyElement)
            {
                Next();
                return;
            }
            Next();
            while (true)
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.EndElement:
                        Next();
                        return;
                    case XmlNodeType.Element:
                        child(xml.LocalName);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        throw Malformed($"unexpected text in <{element}>");
                    default:
                        Next();
                        break;
                }
            }
        }

        /// <summary>Reads an element that holds only text.</summary>
        private string Text(string element)
        {
            if (xml.IsEmptyElement)
            {
                Next();
                return "";
            }
            Next();
            var text = new StringBuilder();
            while (xml.NodeType != XmlNodeType.EndElement)
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    throw Malformed($"unexpected <{xml.LocalName}> in <{element}>");
                }
                if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                {
                    text.Append(xml.Value);
                }
                Next();
            }
            Next();
            return text.ToString();
        }

        /// <summary>Reads an element (<c>param</c>, <c>fault</c>) that holds exactly one <c>value</c>.</summary>
        private object SingleValue(string element)
        {
            object? value = null;
            Children(element, child =>
            {
                if (child != "value" || value is not null)
                {
                    throw Malformed($"<{element}> must hold exactly one <value>");
                }
                value = Value(0);
            });
            return value ?? throw Malformed($"<{element}> must hold exactly one <value>");
        }

        private object Value(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Malformed($"values nested deeper than {MaxDepth} levels");
            }
            if (xml.IsEmptyElement)
            {
                Next();
                return "";
            }
            Next();
            // A <value> without a type element is a string, whitespace included.
            var text = new StringBuilder();
            object? typed = null;
            while (xml.NodeType != XmlNodeType.EndElement)
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.Element when typed is not null:
                        throw Malformed("a <value> holds more than one type element");
                    case XmlNodeType.Element:
                        typed = Typed(xml.LocalName, depth);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        text.Append(xml.Value);
                        Next();
                        break;
                    default:
                        Next();
                        break;
                }
            }
            Next();
            if (typed is null)
            {
                return text.ToString();
            }
            for (var i = 0; i < text.Length; i++)
            {
                if (!char.IsWhiteSpace(text[i]))
                {
                    throw Malformed("a <value> holds both text and a type element");
                }
            }
            return typed;
        }

        private object Typed(string type, int depth)
        {
            switch (type)
            {
                case "i4" or "int" or "i8":
                    var integer = Text(type);
                    return long.TryParse(integer.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                        ? number
                        : throw Malformed($"'{Excerpt(integer)}' is not a valid <{type}>");
                case "boolean":
                    var flag = Text(type);
                    return flag.Trim() switch
                    {
                        "1" or "true" => true,
                        "0" or "false" => false,
                        _ => throw Malformed($"'{Excerpt(flag)}' is not a valid <boolean> (0 or 1)"),
                    };
                case "string":
                    return Text(type);
                case "double":
                    var real = Text(type);
                    return double.TryParse(real.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                        ? d
                        : throw Malformed($"'{Excerpt(real)}' is not a valid <double>");
                case "base64":
                    try
                    {
                        return Convert.FromBase64String(Text(type));
                    }
                    catch (FormatException ex)
                    {
                        throw new XmlRpcFaultException(XmlRpcFaultCodes.ParseError, "malformed XML-RPC message: invalid <base64>", ex);
                    }
                case "dateTime.iso8601":
                    return new XmlRpcDateTime(Text(type).Trim());
                case "array":
                    return Array(depth);
                case "struct":
                    return Struct(depth);
                case "nil":
                    throw new XmlRpcFaultException(XmlRpcFaultCodes.UnsupportedType, "<nil/> is not supported by this server");
                default:
                    throw Malformed($"unknown XML-RPC type <{type}>");
            }
        }

        private object[] Array(int depth)
        {
            var items = new List<object>();
            var data = false;
            Children("array", child =>
            {
                if (child != "data")
                {
                    throw Unexpected(child, "array");
                }
                if (data)
                {
                    throw Malformed("<array> holds more than one <data>");
                }
                data = true;
                Children("data", item => items.Add(item == "value" ? Value(depth + 1) : throw Unexpected(item, "data")));
            });
            return data ? items.ToArray() : throw Malformed("<array> has no <data>");
        }

        private Dictionary<string, object> Struct(int depth)
        {
            var members = new Dictionary<string, object>(StringComparer.Ordinal);
            Children("struct", child =>
            {
                if (child != "member")
                {
                    throw Unexpected(child, "struct");
                }
                string? name = null;
                object? value = null;
                Children("member", part =>
                {
                    switch (part)
                    {
                        case "name" when name is null:
                            name = Text("name");
                            break;
                        case "value" when value is null:
                            value = Value(depth + 1);
                            break;
                        default:
                            throw Unexpected(part, "member");
                    }
                });
                if (name is null)
                {
                    throw Malformed("a struct <member> has no <name>");
                }
                members[name] = value ?? throw Malformed($"struct member '{Excerpt(name)}' has no <value>");
            });
            return members;
        }

        private static XmlRpcFaultException Unexpected(string element, string parent) =>
            Malformed($"unexpected <{element}> in <{parent}>");

        /// <summary>A faulty value quoted in a message, cut short: a fault must not echo a megabyte back.</summary>
        private static string Excerpt(string text) => text.Length <= 64 ? text : text[..64] + "...";
    }
}
