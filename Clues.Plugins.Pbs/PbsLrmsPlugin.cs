using System.Collections.Concurrent;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power.CommandLine;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Pbs;

/// <summary>
/// <c>cluesplugins.pbs</c>: Torque/PBS as CLUES' LRMS. Queues from <c>qstat -Qf @server</c>, nodes from
/// <c>pbsnodes -x -s server</c>, jobs from <c>qstat -x @server</c>; and, so that no job is killed, a node is set
/// offline in Torque before it is powered off and cleared after it is powered on.
/// </summary>
/// <remarks>
/// <para>Reading: <see cref="PbsQueues"/>, <see cref="PbsNodeReader"/>, <see cref="PbsJobReader"/>. A command that
/// fails, times out or prints something that cannot be read throws, naming the command and where: a monitoring
/// failure, to which CLUES' grace period applies, never an empty cluster. The commands run through the shell (CLUES
/// split them on spaces), so a prefix such as <c>ssh head</c> works; the server and node names are quoted.</para>
/// <para>Power-off (<c>PBS_OFFLINE_BEFORE_POWEROFF</c>, on by default): <see cref="PreparePowerOffAsync"/> sets the node
/// offline with the note <c>clues_power_off</c> (Torque places nothing new there and leaves running jobs alone), then
/// reads the node again; if a job holds a slot, the node is cleared and the power-off refused. Power-on: a node that
/// is offline with that note is cleared (an administrator's own offline marks are left alone); a failed clear is
/// retried at each lifecycle pass.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<PbsLrmsOptions>]
internal sealed partial class PbsLrmsPlugin : ILrmsPlugin, IPowerOffHold
{
    public const string PluginName = "cluesplugins.pbs";

    private readonly PbsLrmsOptions _options;
    private readonly IPbsCommands _commands;
    private readonly ILogger _logger;
    private readonly string _server;
    // Nodes powered on whose clear failed; retried by the lifecycle pass.
    private readonly ConcurrentDictionary<string, bool> _toClear = new(StringComparer.Ordinal);
    // Unknown state texts already logged, so each is logged once.
    private readonly ConcurrentDictionary<string, bool> _unknownStates = new(StringComparer.Ordinal);

    /// <summary>Creates the plugin from <c>[PBS]</c> and <c>[general] TIMEOUT_COMMANDS</c>.</summary>
    public PbsLrmsPlugin(CluesConfig config, ILogger<PbsLrmsPlugin> logger, TimeProvider timeProvider)
        : this(PbsLrmsOptions.Read(config), null, logger, timeProvider)
    {
    }

    internal PbsLrmsPlugin(PbsLrmsOptions options, IPbsCommands? commands, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _logger = logger;
        _server = ShellWord.Quote(options.Server);
        _commands = commands ?? new ShellPbsCommands(new ShellCommandRunner(timeProvider), options.CommandTimeout);
    }

    /// <inheritdoc />
    public string Id => "PBS_" + _options.Server;

    /// <summary>The queue listing: <c>qstat -Qf @server</c>.</summary>
    internal string QueuesCommand => $"{_options.QstatCommand} -Qf @{_server}";

    /// <summary>The node listing: <c>pbsnodes -x -s server</c>.</summary>
    internal string NodesCommand => $"{_options.PbsnodesCommand} -x -s {_server}";

    /// <summary>The job listing: <c>qstat -x @server</c>.</summary>
    internal string JobsCommand => $"{_options.QstatCommand} -x @{_server}";

    /// <summary>Sets <paramref name="node"/> offline with CLUES' note.</summary>
    internal string OfflineCommand(string node) =>
        $"{_options.PbsnodesCommand} -s {_server} -o -N {PbsLrmsOptions.OfflineNote} {ShellWord.Quote(node)}";

    /// <summary>Clears the offline mark of <paramref name="node"/> and its note (<c>-N n</c> clears a note).</summary>
    internal string ClearCommand(string node) => $"{_options.PbsnodesCommand} -s {_server} -c -N n {ShellWord.Quote(node)}";

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken) =>
        (await ReadNodesAsync(cancellationToken).ConfigureAwait(false)).Select(n => n.Info).ToList();

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var output = await _commands.RunAsync(JobsCommand, cancellationToken).ConfigureAwait(false);
        return PbsJobReader.Read(output, JobsCommand, (job, state) => Log.UnknownJobState(_logger, job, state));
    }

    /// <inheritdoc />
    /// <remarks>Sets the node offline, checks that no job holds a slot there, and clears it and refuses when one does.</remarks>
    public Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken) =>
        _options.OfflineBeforePowerOff ? PowerOffHold.PrepareAsync(this, node, cancellationToken) : Task.FromResult(true);

    Task IPowerOffHold.HoldAsync(string node, CancellationToken cancellationToken) => _commands.RunAsync(OfflineCommand(node), cancellationToken);

    Task IPowerOffHold.ReleaseAsync(string node, CancellationToken cancellationToken) => _commands.RunAsync(ClearCommand(node), cancellationToken);

    bool IPowerOffHold.IsCommandFailure(Exception exception) => exception is PbsCommandException;

    bool IPowerOffHold.IsUnreadableOutput(Exception exception) => exception is PbsFormatException;

    void IPowerOffHold.OnHeld(string node) => Log.Offline(_logger, node);

    void IPowerOffHold.OnHoldFailed(string node, string message) => Log.OfflineFailed(_logger, node, message);

    void IPowerOffHold.OnStaysOn(string node, string reason) => Log.StaysOn(_logger, node, reason);

    void IPowerOffHold.OnReleaseFailed(string node, string message)
    {
        _toClear[node] = true;
        Log.ClearFailed(_logger, node, message);
    }

    /// <inheritdoc />
    /// <remarks>Clears the offline mark CLUES set; never fails the power-on itself.</remarks>
    public async Task<bool> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        if (_options.OfflineBeforePowerOff)
        {
            await ClearAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <inheritdoc />
    /// <remarks>Retries the clears that failed after a power-on.</remarks>
    public async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _toClear.Keys)
        {
            await ClearAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task<IReadOnlyList<PbsNode>> ReadNodesAsync(CancellationToken cancellationToken)
    {
        var queues = PbsQueues.Read(await _commands.RunAsync(QueuesCommand, cancellationToken).ConfigureAwait(false), QueuesCommand);
        var output = await _commands.RunAsync(NodesCommand, cancellationToken).ConfigureAwait(false);
        return PbsNodeReader.Read(output, NodesCommand, queues, UnknownState);
    }

    private async Task ClearAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            var current = (await ReadNodesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Name == node);
            if (current is not null && PbsNodeState.IsOffline(current.States)
                && string.Equals(current.Note, PbsLrmsOptions.OfflineNote, StringComparison.Ordinal))
            {
                await _commands.RunAsync(ClearCommand(node), cancellationToken).ConfigureAwait(false);
                Log.Cleared(_logger, node, current.States);
            }
            _toClear.TryRemove(node, out _);
        }
        catch (Exception ex) when (ex is PbsCommandException or PbsFormatException)
        {
            _toClear[node] = true;
            Log.ClearFailed(_logger, node, ex.Message);
        }
    }

    /// <summary>Why a job may still run on <paramref name="node"/>, or null when none does.</summary>
    async Task<string?> IPowerOffHold.WhyBusyAsync(string node, CancellationToken cancellationToken)
    {
        var current = (await ReadNodesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Name == node);
        if (current is null)
        {
            return $"Torque does not list it ('{NodesCommand}')";
        }
        return current.UsedSlots > 0 || current.Info.State == NodeState.Used
            ? $"a job runs there (state {current.States}, {current.UsedSlots} slot(s) in use)"
            : null;
    }

    private void UnknownState(string node, string state)
    {
        if (_unknownStates.TryAdd(state, true))
        {
            Log.UnknownState(_logger, node, state);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Torque node {Node} has the state '{State}', which CLUES does not know; it is reported OFF")]
        public static partial void UnknownState(ILogger logger, string node, string state);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Torque node {Node} is offline and runs no job: it may be powered off")]
        public static partial void Offline(ILogger logger, string node);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "cannot set Torque node {Node} offline, so it is not powered off: {Reason}")]
        public static partial void OfflineFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Torque node {Node} is not powered off and is cleared: {Reason}")]
        public static partial void StaysOn(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "cannot clear the offline mark of Torque node {Node}; retrying at the next lifecycle pass: {Reason}")]
        public static partial void ClearFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Torque node {Node} cleared after power-on (it was {State})")]
        public static partial void Cleared(ILogger logger, string node, string state);

        [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Torque job {Job} has the state '{State}', which CLUES does not know; it is reported UNKNOWN")]
        public static partial void UnknownJobState(ILogger logger, string job, string state);
    }
}
