using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.Plugins.OpenNebula;

/// <summary>
/// <c>cluesplugins.one</c> (and <c>cluesplugins.onetemplate</c>) as LRMS: the hosts of an OpenNebula cloud are the
/// nodes CLUES powers on and off, and its VMs are the jobs (spec plugins §2.8).
/// </summary>
/// <remarks>
/// Node capacity is in OpenNebula's units: slots are CPU percent (100 per core) and memory is in KB, and a VM asks for
/// <c>CPU × 100</c> and <c>MEMORY × 1024</c>. FIX: a failed VM list is a job-monitoring failure (CLUES reported no jobs),
/// and an OFFLINE host is OFF (CLUES reported it idle).
/// </remarks>
[CluesPlugin(PluginName)]
[CluesPlugin(TemplatePluginName)]
[ConfigSection<OneLrmsOptions>]
internal sealed class OneLrmsPlugin : ILrmsPlugin, IDisposable
{
    public const string PluginName = "cluesplugins.one";
    public const string TemplatePluginName = "cluesplugins.onetemplate";

    private readonly OneClient _one;
    private readonly IDisposable? _http;

    /// <summary>Creates the plugin from <c>[ONE LRMS]</c>.</summary>
    public OneLrmsPlugin(CluesConfig config, TimeProvider timeProvider)
    {
        var connection = OneLrmsOptions.Read(config);
        config.ThrowIfErrors();
        var http = OneHttp.Create(connection);
        _http = http;
        _one = new OneClient(http, connection, timeProvider);
    }

    internal OneLrmsPlugin(OneClient one) => _one = one;

    /// <inheritdoc />
    public string Id => OneConnectionKeys.LrmsId(_one.Connection);

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var hosts = await _one.GetHostsAsync(cancellationToken).ConfigureAwait(false);
        var nodes = new List<NodeInfo>(hosts.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            if (!names.Add(host.Name))
            {
                throw new OneApiException($"OpenNebula at {_one.Connection.Display} lists host {host.Name} twice");
            }
            nodes.Add(OneHosts.ToNodeInfo(host));
        }
        return nodes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var vms = await _one.GetVmsAsync(cancellationToken).ConfigureAwait(false);
        // A VM id is unique; a repeated one would make the daemon's job list refuse the whole poll.
        return vms.DistinctBy(vm => vm.Id).Select(OneHosts.ToJobInfo).ToList();
    }

    public void Dispose() => _http?.Dispose();
}
