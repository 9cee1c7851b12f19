using System.Text;
using System.Text.RegularExpressions;

namespace Clues.Plugins.Im.Radl;

/// <summary>
/// Writes the RADL that adds one worker node to an EC3 cluster (CLUES' <c>_get_radl</c>): it picks the system the node
/// is made from, renames it after the node and keeps the contextualization that system had.
/// </summary>
/// <remarks>
/// EC3 features of a system: <c>ec3_node_pattern</c> (a regular expression: nodes whose name it matches are made from
/// this system), <c>ec3_max_instances</c> (negative: unlimited), <c>ec3_if_fail</c> (the system to use when this one is
/// full). Without a matching pattern the search starts at <c>wn</c>.
/// </remarks>
internal static class RadlNodeComposer
{
    /// <summary>The system the search starts from.</summary>
    public const string DefaultSystem = "wn";

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The RADL of node <paramref name="node"/>.</summary>
    /// <param name="infrastructure">The infrastructure's own RADL (<c>GET &lt;inf&gt;/radl</c>).</param>
    /// <param name="counts">How many worker VMs each <c>ec3_class</c> has now.</param>
    /// <param name="goldenImages">Stored images per class: the image URL and the password (or null).</param>
    /// <param name="node">The node name.</param>
    /// <exception cref="InvalidOperationException">No system can be used; the message says why.</exception>
    public static string Compose(RadlDocument infrastructure, IReadOnlyDictionary<string, int> counts,
        IReadOnlyDictionary<string, GoldenImage> goldenImages, string node)
    {
        var systemName = ChooseSystem(infrastructure, counts, node);
        var system = infrastructure.System(systemName)!.Clone();
        system.Name = node;
        system.SetValue("net_interface.0.dns_name", node);
        system.SetValue("ec3_class", systemName);
        if (goldenImages.TryGetValue(systemName, out var golden))
        {
            system.SetValue("disk.0.image.url", golden.Image);
            if (!string.IsNullOrEmpty(golden.Password))
            {
                system.SetValue("disk.0.os.credentials.password", golden.Password);
            }
        }

        var radl = new StringBuilder();
        foreach (var network in infrastructure.Networks)
        {
            radl.Append("network ").Append(network.Id).Append('\n');
        }
        radl.Append(system).Append('\n');
        if (infrastructure.ContextualizeItems.Count > 0)
        {
            // The system's contextualization steps, retargeted to the node, with the recipes they use.
            var items = infrastructure.ContextualizeItems.Where(i => i.System == systemName).ToList();
            var used = items.Select(i => i.Configure).ToHashSet(StringComparer.Ordinal);
            foreach (var configure in infrastructure.Configures.Where(c => used.Contains(c.Name)))
            {
                radl.Append(configure).Append('\n');
            }
            radl.Append(RadlContextualizeItem.Section(items.Select(i => i with { System = node }))).Append('\n');
        }
        else
        {
            // Without contextualize, IM runs the recipe named after the VM's system: the class's own, else wn's.
            var configure = infrastructure.Configures.Find(c => c.Name == systemName)
                ?? infrastructure.Configures.Find(c => c.Name == DefaultSystem);
            if (configure is not null)
            {
                radl.Append(configure with { Name = node }).Append('\n');
            }
        }
        return radl.Append("deploy ").Append(node).Append(" 1").ToString();
    }

    /// <summary>The system node <paramref name="node"/> is made from.</summary>
    public static string ChooseSystem(RadlDocument infrastructure, IReadOnlyDictionary<string, int> counts, string node)
    {
        foreach (var system in infrastructure.Systems)
        {
            if (system.GetString("ec3_node_pattern") is { Length: > 0 } pattern && system.GetValue("ec3_class") is null
                && Matches(pattern, node, system.Name))
            {
                return system.Name;
            }
        }
        var current = DefaultSystem;
        var tried = new List<string>();
        while (true)
        {
            var system = infrastructure.System(current)
                ?? throw new InvalidOperationException(tried.Count == 0
                    ? $"the infrastructure RADL has no system '{DefaultSystem}' to make worker nodes from"
                    : $"system '{tried[^1]}' names ec3_if_fail '{current}', which the infrastructure RADL does not define");
            tried.Add(current);
            var max = system.GetNumber("ec3_max_instances", -1);
            if (max < 0 || counts.GetValueOrDefault(current) < max)
            {
                return current;
            }
            var next = system.GetString("ec3_if_fail");
            if (string.IsNullOrEmpty(next))
            {
                throw new InvalidOperationException($"every system is full ({string.Join(" -> ", tried)}): system '{current}' has " +
                    $"{counts.GetValueOrDefault(current)} of ec3_max_instances {max} and no ec3_if_fail");
            }
            if (tried.Contains(next))
            {
                // CLUES looped here for ever.
                throw new InvalidOperationException($"the ec3_if_fail chain {string.Join(" -> ", tried)} -> {next} is a cycle and every system in it is full");
            }
            current = next;
        }
    }

    // Python's re.match: anchored at the start only.
    private static bool Matches(string pattern, string node, string system)
    {
        try
        {
            var match = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout).Match(node);
            return match.Success && match.Index == 0;
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            throw new InvalidOperationException($"ec3_node_pattern '{pattern}' of system '{system}' is not a usable regular expression: {ex.Message}", ex);
        }
    }
}

/// <summary>An image saved from a configured VM of a class, used for the class's next VMs.</summary>
internal sealed record GoldenImage(string Image, string? Password);
