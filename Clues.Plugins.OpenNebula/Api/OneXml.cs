using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Clues.Plugins.OpenNebula.Api;

/// <summary>
/// Reads the XML documents OpenNebula returns inside its XML-RPC answers (host pool, VM pool, a VM, template pool).
/// Anything that does not have the shape OpenNebula documents is an <see cref="OneApiException"/> naming what was
/// wrong; it never becomes an empty list.
/// </summary>
/// <remarks>
/// The text comes from the network, so it is read with no DTD, no external entities, a size limit and a nesting
/// limit (checked in a first forward pass, before any tree is built). OpenNebula's documents nest about six levels
/// deep; <see cref="MaxDepth"/> leaves room for templates with nested vectors.
/// </remarks>
internal static class OneXml
{
    /// <summary>The deepest element accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The <c>HOST_SHARE</c> fields CLUES turns into keywords (numbers).</summary>
    public static readonly IReadOnlyList<string> ShareFields =
    [
        "DISK_USAGE", "MEM_USAGE", "CPU_USAGE", "MAX_DISK", "MAX_MEM", "MAX_CPU", "FREE_DISK", "FREE_MEM", "FREE_CPU",
        "USED_DISK", "USED_MEM", "USED_CPU", "RUNNING_VMS",
    ];

    /// <summary>The host <c>TEMPLATE</c> fields CLUES turns into keywords.</summary>
    public static readonly IReadOnlyList<string> TemplateFields =
    [
        "ARCH", "CPUSPEED", "ERROR", "HOSTNAME", "HYPERVISOR", "MODELNAME", "NETRX", "NETTX", "RESERVED_CPU", "RESERVED_MEM", "VERSION",
    ];

    /// <summary>Reads a <c>HOST_POOL</c> document.</summary>
    public static IReadOnlyList<OneHost> HostPool(string xml) =>
        Load(xml, "HOST_POOL", "one.hostpool.info").Elements("HOST").Select(Host).ToList();

    /// <summary>Reads a <c>VM_POOL</c> document.</summary>
    public static IReadOnlyList<OneVm> VmPool(string xml) =>
        Load(xml, "VM_POOL", "one.vmpool.info").Elements("VM").Select(Vm).ToList();

    /// <summary>Reads a <c>VM</c> document.</summary>
    public static OneVm VmDocument(string xml) => Vm(Load(xml, "VM", "one.vm.info"));

    /// <summary>Reads a <c>VMTEMPLATE_POOL</c> document.</summary>
    public static IReadOnlyList<OneTemplate> TemplatePool(string xml) =>
        Load(xml, "VMTEMPLATE_POOL", "one.templatepool.info").Elements("VMTEMPLATE")
            .Select(t => new OneTemplate(Integer(t, "ID", "template"), Text(t, "NAME") ?? "")).ToList();

    private static OneHost Host(XElement host)
    {
        var name = Text(host, "NAME") is { Length: > 0 } n ? n : throw Invalid("one.hostpool.info", "a HOST without a NAME");
        var share = Fields(host.Element("HOST_SHARE"), ShareFields);
        var template = Fields(host.Element("TEMPLATE"), TemplateFields);
        return new OneHost(Integer(host, "ID", "host " + name), name, (int)Integer(host, "STATE", "host " + name), share, template);
    }

    private static OneVm Vm(XElement vm)
    {
        var id = Integer(vm, "ID", "VM");
        var what = string.Create(CultureInfo.InvariantCulture, $"VM {id}");
        var template = vm.Element("TEMPLATE");
        var ips = template?.Elements("NIC").Select(nic => Text(nic, "IP")).OfType<string>().Where(ip => ip.Length > 0).ToList() ?? [];
        var lastHost = vm.Element("HISTORY_RECORDS")?.Elements("HISTORY")
            .Select(h => (Seq: OptionalNumber(h, "SEQ", what) ?? -1, Host: Text(h, "HOSTNAME")))
            .OrderBy(h => h.Seq).LastOrDefault().Host;
        return new OneVm(id, (int)Integer(vm, "STATE", what),
            template is null ? 0 : OptionalNumber(template, "CPU", what) ?? 0,
            template is null ? 0 : OptionalNumber(template, "MEMORY", what) ?? 0,
            ips, string.IsNullOrEmpty(lastHost) ? null : lastHost);
    }

    private static Dictionary<string, string> Fields(XElement? parent, IReadOnlyList<string> names)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parent is not null)
        {
            foreach (var name in names)
            {
                if (Text(parent, name) is { } value)
                {
                    fields[name] = value;
                }
            }
        }
        return fields;
    }

    private static string? Text(XElement parent, string name) => parent.Element(name)?.Value.Trim();

    private static long Integer(XElement parent, string name, string what) =>
        Text(parent, name) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Unreadable($"{what}: <{name}> is {Quote(Text(parent, name))}, not an integer");

    private static double? OptionalNumber(XElement parent, string name, string what)
    {
        var text = Text(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Unreadable($"{what}: <{name}> is {Quote(text)}, not a number");
    }

    /// <summary>Parses a number the way CLUES' <c>float()</c> did (host shares, keywords).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static XElement Load(string xml, string root, string method)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            // First pass: refuse deep nesting before anything is built from it.
            using (var scan = XmlReader.Create(new StringReader(xml), settings))
            {
                while (scan.Read())
                {
                    if (scan.NodeType == XmlNodeType.Element && scan.Depth > MaxDepth)
                    {
                        throw Invalid(method, $"elements nested deeper than {MaxDepth} levels");
                    }
                }
            }
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var document = XDocument.Load(reader);
            return document.Root is { } top && top.Name.LocalName == root
                ? top
                : throw Invalid(method, $"expected a <{root}> document, found <{document.Root?.Name.LocalName}>");
        }
        catch (XmlException ex)
        {
            throw Invalid(method, "malformed XML: " + ex.Message);
        }
    }

    private static string Quote(string? text) => text is null ? "missing" : "'" + (text.Length <= 64 ? text : text[..64] + "...") + "'";

    private static OneApiException Invalid(string method, string reason) => new($"OpenNebula's answer to {method} cannot be read: {reason}");

    private static OneApiException Unreadable(string reason) => new($"OpenNebula sent a value that cannot be read: {reason}");
}
