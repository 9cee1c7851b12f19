using System.Collections.Concurrent;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.Slurm.Scontrol;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Slurm;

/// <summary>
/// <c>cluesplugins.slurm</c>: Slurm as CLUES' LRMS. Nodes from <c>scontrol -o show nodes</c>, jobs from
/// <c>scontrol -o show jobs</c>; and, so that no job is killed, a node is drained in Slurm before it is powered off
/// and resumed after it is powered on.
/// </summary>
/// <remarks>
/// <para>Reading: <see cref="SlurmNodeReader"/>, <see cref="SlurmJobReader"/>, <see cref="SlurmNodeState"/>. A command
/// that fails, times out or prints something that cannot be read throws, naming the command (and the line): a
/// monitoring failure, to which CLUES' grace period applies, never an empty cluster (FIX: CLUES logged and skipped
/// unreadable records, and read an error message without <c>=</c> as "no jobs").</para>
/// <para>Power-off (<c>SLURM_DRAIN_BEFORE_POWEROFF</c>, on by default): <see cref="PreparePowerOffAsync"/> drains the
/// node (Slurm places nothing new there and leaves running jobs alone), then reads the node again; if a job runs
/// there after all, the node is undrained and the power-off is refused, so the node stays on. Slurm's own power
/// saving works the same way. Power-on: if Slurm still holds the node drained or down, it is resumed; if that fails
/// the power-on still stands and the resume is retried at each lifecycle pass. The daemon also calls the power-on step
/// when the power manager fails after a drain, so a node that stays on does not stay drained.</para>
/// <para>A node drained by an administrator is reported OFF (as CLUES did), so CLUES may power it on, and then
/// resumes it: keep such nodes out of CLUES with <c>DISABLED_HOSTS</c> or <c>clues disable</c>.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<SlurmLrmsOptions>]
internal sealed partial class SlurmLrmsPlugin : ILrmsPlugin, IPowerOffHold
{
    public const string PluginName = "cluesplugins.slurm";

    private readonly SlurmLrmsOptions _options;
    private readonly ISlurmCommands _commands;
    private readonly ILogger _logger;
    // Nodes powered on whose resume failed; retried by the lifecycle pass.
    private readonly ConcurrentDictionary<string, bool> _toResume = new(StringComparer.Ordinal);
    // Unknown state texts already logged, so each is logged once.
    private readonly ConcurrentDictionary<string, bool> _unknownStates = new(StringComparer.Ordinal);

    /// <summary>Creates the plugin from <c>[SLURM]</c> and <c>[general] TIMEOUT_COMMANDS</c>.</summary>
    public SlurmLrmsPlugin(CluesConfig config, ILogger<SlurmLrmsPlugin> logger, TimeProvider timeProvider)
        : this(SlurmLrmsOptions.Read(config), null, logger, timeProvider)
    {
    }

    internal SlurmLrmsPlugin(SlurmLrmsOptions options, ISlurmCommands? commands, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _logger = logger;
        _commands = commands ?? new ShellSlurmCommands(new ShellCommandRunner(timeProvider), options.Environment, options.CommandTimeout);
    }

    /// <inheritdoc />
    public string Id => "SLURM_" + _options.Server;

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var records = await QueryAsync(_options.NodesCommand, SlurmNodeReader.EmptyMessage, SlurmNodeReader.Fields, cancellationToken).ConfigureAwait(false);
        var partitions = SlurmNodeReader.NeedsPartitionListing(records)
            ? SlurmPartitions.Read(await QueryAsync(_options.PartitionCommand, SlurmPartitions.EmptyMessage, SlurmPartitions.Fields, cancellationToken).ConfigureAwait(false))
            : null;
        return SlurmNodeReader.Read(records, partitions, UnknownState);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken) =>
        SlurmJobReader.Read(await QueryAsync(_options.JobsCommand, SlurmJobReader.EmptyMessage, SlurmJobReader.Fields, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    /// <remarks>Drains the node, checks that no job runs there, and undrains it and refuses when one does.</remarks>
    public Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken) =>
        _options.DrainBeforePowerOff ? PowerOffHold.PrepareAsync(this, node, cancellationToken) : Task.FromResult(true);

    Task IPowerOffHold.HoldAsync(string node, CancellationToken cancellationToken) => RunForNodeAsync(_options.DrainCommand, node, cancellationToken);

    Task IPowerOffHold.ReleaseAsync(string node, CancellationToken cancellationToken) => RunForNodeAsync(_options.UndrainCommand, node, cancellationToken);

    bool IPowerOffHold.IsCommandFailure(Exception exception) => exception is SlurmCommandException;

    bool IPowerOffHold.IsUnreadableOutput(Exception exception) => exception is ScontrolFormatException;

    void IPowerOffHold.OnHeld(string node) => Log.Drained(_logger, node);

    void IPowerOffHold.OnHoldFailed(string node, string message) => Log.DrainFailed(_logger, node, message);

    void IPowerOffHold.OnStaysOn(string node, string reason) => Log.StaysOn(_logger, node, reason);

    void IPowerOffHold.OnReleaseFailed(string node, string message) => Log.UndrainFailed(_logger, node, message);

    /// <inheritdoc />
    /// <remarks>Resumes the node if Slurm still holds it drained or down; never fails the power-on itself.</remarks>
    public async Task<bool> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        if (_options.DrainBeforePowerOff)
        {
            await ResumeAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <inheritdoc />
    /// <remarks>Retries the resumes that failed after a power-on.</remarks>
    public async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _toResume.Keys)
        {
            await ResumeAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task ResumeAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            var state = await StateOfAsync(node, cancellationToken).ConfigureAwait(false);
            if (state?.NeedsResume == true)
            {
                await RunForNodeAsync(_options.ResumeCommand, node, cancellationToken).ConfigureAwait(false);
                Log.Resumed(_logger, node, state.Text);
            }
            _toResume.TryRemove(node, out _);
        }
        catch (Exception ex) when (ex is SlurmCommandException or ScontrolFormatException)
        {
            _toResume[node] = true;
            Log.ResumeFailed(_logger, node, ex.Message);
        }
    }

    /// <summary>Why a job may still run on <paramref name="node"/>, or null when none does.</summary>
    async Task<string?> IPowerOffHold.WhyBusyAsync(string node, CancellationToken cancellationToken)
    {
        var records = await QueryAsync(_options.NodesCommand, SlurmNodeReader.EmptyMessage, SlurmNodeReader.Fields, cancellationToken).ConfigureAwait(false);
        var record = records.FirstOrDefault(r => r.Get("NodeName") == node);
        if (record is null)
        {
            return $"Slurm does not list it ('{_options.NodesCommand}')";
        }
        var state = SlurmNodeState.Parse(record.Require("State"));
        var allocated = record.GetInteger("CPUAlloc") ?? 0;
        return state.RunsWork || allocated > 0 ? $"a job runs there (State={state.Text} CPUAlloc={allocated})" : null;
    }

    private async Task<SlurmNodeState?> StateOfAsync(string node, CancellationToken cancellationToken)
    {
        var records = await QueryAsync(_options.NodesCommand, SlurmNodeReader.EmptyMessage, SlurmNodeReader.Fields, cancellationToken).ConfigureAwait(false);
        return records.FirstOrDefault(r => r.Get("NodeName") == node) is { } record ? SlurmNodeState.Parse(record.Require("State")) : null;
    }

    private async Task<IReadOnlyList<ScontrolRecord>> QueryAsync(string commandLine, string emptyMessage, HashSet<string> fields,
        CancellationToken cancellationToken)
    {
        var output = await _commands.RunAsync(commandLine, cancellationToken).ConfigureAwait(false);
        return ScontrolParser.Parse(output, commandLine, emptyMessage, fields);
    }

    private Task<string> RunForNodeAsync(string template, string node, CancellationToken cancellationToken) =>
        _commands.RunAsync(CommandTemplate.Substitute(template, node, node), cancellationToken);

    private void UnknownState(string node, string state)
    {
        if (_unknownStates.TryAdd(state, true))
        {
            Log.UnknownState(_logger, node, state);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Slurm node {Node} has the state '{State}', which CLUES does not know; it is reported UNKNOWN")]
        public static partial void UnknownState(ILogger logger, string node, string state);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Slurm node {Node} is drained and runs no job: it may be powered off")]
        public static partial void Drained(ILogger logger, string node);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "cannot drain Slurm node {Node}, so it is not powered off: {Reason}")]
        public static partial void DrainFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Slurm node {Node} is not powered off and is undrained: {Reason}")]
        public static partial void StaysOn(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "cannot undrain Slurm node {Node}; it stays drained until it is resumed: {Reason}")]
        public static partial void UndrainFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Slurm node {Node} resumed after power-on (it was {State})")]
        public static partial void Resumed(ILogger logger, string node, string state);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "cannot resume Slurm node {Node} after power-on; retrying at the next lifecycle pass: {Reason}")]
        public static partial void ResumeFailed(ILogger logger, string node, string reason);
    }
}
