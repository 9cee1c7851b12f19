using System.Xml;
using System.Xml.Linq;

namespace Clues.Plugins.Pbs;

/// <summary>Reads the XML Torque prints (<c>pbsnodes -x</c>, <c>qstat -x</c>) without DTDs or external entities.</summary>
internal static class PbsXml
{
    /// <summary>Larger output is refused rather than read (a cluster of 10 000 nodes prints a few megabytes).</summary>
    public const long MaxCharacters = 256L << 20;

    /// <summary>The root element of <paramref name="output"/>, with line information.</summary>
    /// <exception cref="PbsFormatException">The output is not well-formed XML, or has a DTD.</exception>
    public static XElement Load(string output, string commandLine)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(output), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root
                ?? throw new PbsFormatException(commandLine, 0, "no XML element");
        }
        catch (XmlException ex)
        {
            throw new PbsFormatException(commandLine, ex.LineNumber, $"not well-formed XML at position {ex.LinePosition}: {ex.Message}", ex);
        }
    }

    /// <summary>The 1-based line of <paramref name="element"/> in the output.</summary>
    public static int LineOf(XElement element) => ((IXmlLineInfo)element).LineNumber;

    /// <summary>The trimmed text of the child <paramref name="name"/>, or null when absent or empty.</summary>
    public static string? Child(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : null;
}
