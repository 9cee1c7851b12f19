using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Clues.Plugins.Im.Tosca;

/// <summary>
/// Writes the TOSCA template that grows an EC3 cluster by one worker node (CLUES' <c>_get_template</c>): the compute
/// node that hosts the <c>tosca.nodes.indigo.LRMS.WorkerNode*</c> gets one more instance, named after the node.
/// </summary>
internal static class ToscaNodeComposer
{
    /// <summary>The type prefix of the worker-node software node.</summary>
    public const string WorkerNodeType = "tosca.nodes.indigo.LRMS.WorkerNode";

    /// <summary>The template, <paramref name="workers"/> + 1 instances of the worker compute node, the new one named <paramref name="node"/>.</summary>
    /// <param name="template">The infrastructure's TOSCA template (<c>GET &lt;inf&gt;/tosca</c>).</param>
    /// <param name="workers">How many worker VMs the infrastructure has now (the front end excluded).</param>
    /// <param name="node">The node name.</param>
    /// <exception cref="FormatException">The template is not YAML, uses aliases, or has no worker node; the message says which.</exception>
    public static string Compose(string template, int workers, string node)
    {
        var stream = Load(template);
        var root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode r ? r
            : throw new FormatException("the TOSCA template is not one YAML mapping");
        var nodeTemplates = Mapping(Mapping(root, "topology_template"), "node_templates");
        var computeName = WorkerComputeName(nodeTemplates)
            ?? throw new FormatException($"the TOSCA template has no node of type {WorkerNodeType}* with a host requirement");
        var compute = Mapping(nodeTemplates, computeName);
        var capabilities = Child(compute, "capabilities");
        var scalable = Child(Child(capabilities, "scalable"), "properties");
        scalable.Children[new YamlScalarNode("count")] = new YamlScalarNode((workers + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var endpoint = Child(Child(capabilities, "endpoint"), "properties");
        endpoint.Children[new YamlScalarNode("dns_name")] = new YamlScalarNode(node) { Style = ScalarStyle.SingleQuoted };

        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    // The host of the worker-node software node: requirements is a list of single-key maps, one of them host.
    private static string? WorkerComputeName(YamlMappingNode nodeTemplates)
    {
        foreach (var (_, value) in nodeTemplates.Children)
        {
            if (value is YamlMappingNode definition && Scalar(definition, "type") is { } type && type.StartsWith(WorkerNodeType, StringComparison.Ordinal)
                && Get(definition, "requirements") is YamlSequenceNode requirements)
            {
                foreach (var requirement in requirements.Children.OfType<YamlMappingNode>())
                {
                    if (Scalar(requirement, "host") is { Length: > 0 } host)
                    {
                        return host;
                    }
                }
            }
        }
        return null;
    }

    private static YamlStream Load(string template)
    {
        // Aliases would let a small template expand into a huge one when written back; TOSCA templates do not need them.
        var scanner = new Parser(new StringReader(template));
        try
        {
            while (scanner.MoveNext())
            {
                if (scanner.Current is AnchorAlias)
                {
                    throw new FormatException("the TOSCA template uses a YAML alias, which is not accepted");
                }
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(template));
            return stream;
        }
        catch (YamlException ex)
        {
            throw new FormatException($"the TOSCA template is not valid YAML: {ex.Message}", ex);
        }
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Get(map, key) as YamlScalarNode)?.Value;

    private static YamlMappingNode Mapping(YamlMappingNode map, string key) =>
        Get(map, key) as YamlMappingNode ?? throw new FormatException($"the TOSCA template has no mapping '{key}'");

    // A mapping under key, created when missing or empty (CLUES added endpoint and its properties the same way).
    private static YamlMappingNode Child(YamlMappingNode map, string key)
    {
        if (Get(map, key) is YamlMappingNode existing)
        {
            return existing;
        }
        var created = new YamlMappingNode();
        map.Children[new YamlScalarNode(key)] = created;
        return created;
    }
}
