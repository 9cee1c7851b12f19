using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Clues.Plugins.Sge;

/// <summary>Reads the XML that <c>qhost -xml</c> and <c>qstat -xml</c> print, refusing what is not plain XML.</summary>
/// <remarks>No DTD, no external entities, no resolver, and a size bound: the output is outside input.</remarks>
internal static class SgeXml
{
    /// <summary>The most characters a listing may have (a cluster of 10 000 hosts prints about 20 MB).</summary>
    public const long MaxCharacters = 256L * 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Parses <paramref name="output"/> of <paramref name="command"/>; its root must be <paramref name="root"/>.</summary>
    /// <exception cref="SgeFormatException">Not XML, or another root element; the message names the command and the line.</exception>
    public static XElement Parse(string output, string command, string root)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(output), Settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new SgeFormatException($"'{command}' did not print readable XML: {ex.Message}", ex);
        }
        var element = document.Root!;
        return element.Name.LocalName == root
            ? element
            : throw Error(command, element, $"the document is <{element.Name.LocalName}>, not <{root}>");
    }

    /// <summary>An error naming the command, the element's line and what was wrong.</summary>
    public static SgeFormatException Error(string command, XElement element, string what) =>
        new($"'{command}' printed an unreadable <{element.Name.LocalName}>{Where(element)}: {what}");

    /// <summary>The element's attribute, or an error naming it.</summary>
    public static string RequireAttribute(string command, XElement element, string name) =>
        element.Attribute(name)?.Value is { Length: > 0 } value ? value : throw Error(command, element, $"it has no {name}=\"...\"");

    /// <summary>The text of the first child called <paramref name="name"/>, or null.</summary>
    public static string? Child(XElement element, string name) => element.Element(name)?.Value.Trim();

    /// <summary>The text of the first child called <paramref name="name"/>, or an error naming it.</summary>
    public static string RequireChild(string command, XElement element, string name) =>
        Child(element, name) is { Length: > 0 } value ? value : throw Error(command, element, $"it has no <{name}>");

    /// <summary>The texts of the children called <paramref name="child"/> by their <c>name</c> attribute (the first
    /// of a repeated name wins).</summary>
    public static Dictionary<string, string> NamedValues(XElement element, string child)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in element.Elements(child))
        {
            values.TryAdd((string?)value.Attribute("name") ?? "", value.Value.Trim());
        }
        return values;
    }

    /// <summary>A non-negative integer, or an error naming the field.</summary>
    public static int RequireCount(string command, XElement element, string field, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(command, element, $"{field} '{text}' is not a count");

    private static string Where(XElement element) =>
        element is IXmlLineInfo info && info.HasLineInfo()
            ? " at line " + info.LineNumber.ToString(CultureInfo.InvariantCulture)
            : "";
}
