using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.Condor;

/// <summary>
/// <c>cluesplugins.condor</c>: HTCondor as CLUES' LRMS. Nodes from the collector's startd ads
/// (<c>condor_status -long</c>), one per machine, plus the powered-off nodes of <c>HTCONDOR_VNODES_FILE</c>; jobs
/// from every schedd (<c>condor_q -global -allusers -long</c>).
/// </summary>
/// <remarks>
/// CLUES used HTCondor's Python bindings; the command-line tools print the same ClassAds and need nothing but an
/// HTCondor client installation. Reading: <see cref="ClassAdReader"/>, <see cref="CondorNodeReader"/>,
/// <see cref="CondorJobReader"/>. A command that fails, times out or prints something that cannot be read throws,
/// naming the command and the line: a monitoring failure, never an empty cluster. HTCondor has no "drain and confirm"
/// step short of <c>condor_drain</c>, which needs administrator rights on the startd; a node CLUES powers off is IDLE
/// (no claimed slot), as in CLUES.
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<CondorLrmsOptions>]
internal sealed class CondorLrmsPlugin : ILrmsPlugin
{
    public const string PluginName = "cluesplugins.condor";

    private readonly CondorLrmsOptions _options;
    private readonly ICondorCommands _commands;

    /// <summary>Creates the plugin from <c>[HTCONDOR]</c> and <c>[general] TIMEOUT_COMMANDS</c>.</summary>
    public CondorLrmsPlugin(CluesConfig config, TimeProvider timeProvider)
        : this(CondorLrmsOptions.Read(config), null, timeProvider)
    {
    }

    internal CondorLrmsPlugin(CondorLrmsOptions options, ICondorCommands? commands, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _commands = commands ?? new ShellCondorCommands(new ShellCommandRunner(timeProvider), options.CommandTimeout);
    }

    /// <inheritdoc />
    public string Id => "HTCONDOR_" + _options.Server;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var output = await _commands.RunAsync(_options.StatusCommand, cancellationToken).ConfigureAwait(false);
        var nodes = CondorNodeReader.Read(ClassAdReader.Read(output, _options.StatusCommand)).ToList();
        var known = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var vnode in CondorVirtualNodes.Read(_options.VnodesFile))
        {
            if (known.Add(vnode.Name))
            {
                nodes.Add(vnode);
            }
        }
        return nodes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var output = await _commands.RunAsync(_options.QueueCommand, cancellationToken).ConfigureAwait(false);
        return CondorJobReader.Read(ClassAdReader.Read(output, _options.QueueCommand));
    }
}
