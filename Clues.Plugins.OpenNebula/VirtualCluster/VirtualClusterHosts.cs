using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.OpenNebula.VirtualCluster;

/// <summary>
/// The fixed pool of <c>IP name</c> pairs the virtual cluster's VMs may take
/// (<c>ONE_VIRTUAL_CLUSTER_HOSTS_FILE</c>), in both directions.
/// </summary>
internal sealed class VirtualClusterHosts
{
    private readonly HostsFile _file;
    private readonly Dictionary<string, string> _nameByIp = new(StringComparer.Ordinal);

    private VirtualClusterHosts(HostsFile file)
    {
        _file = file;
        foreach (var name in file.Names)
        {
            // A Python dict assignment, as in CLUES: an IP listed twice keeps its last name.
            _nameByIp[file.AddressOf(name)!] = name;
        }
    }

    public string Path => _file.Path;

    public IReadOnlyList<string> MalformedLines => _file.MalformedLines;

    public string? IpOf(string node) => _file.AddressOf(node);

    public string? NodeOf(string ip) => _nameByIp.GetValueOrDefault(ip);

    public static async Task<VirtualClusterHosts> LoadAsync(string path, CancellationToken cancellationToken) =>
        new(await HostsFile.LoadAsync(path, cancellationToken).ConfigureAwait(false));
}
