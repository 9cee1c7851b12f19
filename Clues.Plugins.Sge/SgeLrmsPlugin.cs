using System.Collections.Concurrent;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power.CommandLine;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.Sge;

/// <summary>
/// <c>cluesplugins.sge</c>: (Son of) Grid Engine as CLUES' LRMS. Hosts from <c>qhost -xml -q</c>, host groups from
/// <c>qconf</c>, jobs from <c>qstat -r -xml -u '*'</c>; and, so that no job is killed, a host's queue instances are
/// disabled before it is powered off and enabled after it is powered on.
/// </summary>
/// <remarks>
/// <para>Reading: <see cref="SgeHostReader"/>, <see cref="SgeHost"/>, <see cref="SgeHostGroups"/>,
/// <see cref="SgeJobReader"/>, <see cref="SgeJobRequest"/>. A command that fails, times out or prints something that
/// cannot be read throws, naming the command (and the line): a monitoring failure, to which CLUES' grace period
/// applies, never an empty cluster (FIX: CLUES crashed on Python 3 in the host listing, and logged and dropped a
/// failed host group listing).</para>
/// <para>Power-off (<c>SGE_DISABLE_BEFORE_POWEROFF</c>, on by default): <see cref="PreparePowerOffAsync"/> disables
/// every queue instance of the host (<c>qmod -d '*@host'</c>: the scheduler starts nothing new there, running jobs go
/// on), then reads the host again; if a job runs or is being sent there after all, the queues are enabled again and
/// the power-off is refused. Power-on: the queue instances are enabled (<c>qmod -e '*@host'</c>; the qmaster accepts
/// this while the host is still down, so the host takes jobs as soon as its execution daemon reports); if that fails
/// the power-on still stands and the enable is retried at each lifecycle pass.</para>
/// <para>A queue disabled by an administrator is enabled again when CLUES powers its host on: keep such hosts out of
/// CLUES with <c>DISABLED_HOSTS</c> or <c>clues disable</c>.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<SgeLrmsOptions>]
internal sealed partial class SgeLrmsPlugin : ILrmsPlugin, IPowerOffHold
{
    public const string PluginName = "cluesplugins.sge";

    private readonly SgeLrmsOptions _options;
    private readonly ISgeCommands _commands;
    private readonly ILogger _logger;
    // Hosts powered on whose enable failed; retried by the lifecycle pass.
    private readonly ConcurrentDictionary<string, bool> _toEnable = new(StringComparer.Ordinal);

    /// <summary>Creates the plugin from <c>[SGE]</c>.</summary>
    public SgeLrmsPlugin(CluesConfig config, ILogger<SgeLrmsPlugin> logger, TimeProvider timeProvider)
        : this(SgeLrmsOptions.Read(config), null, logger, timeProvider)
    {
    }

    internal SgeLrmsPlugin(SgeLrmsOptions options, ISgeCommands? commands, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _logger = logger;
        _commands = commands ?? new ShellSgeCommands(new ShellCommandRunner(timeProvider),
            options.CommandEnvironment(Environment.GetEnvironmentVariable("SGE_ROOT")), options.CommandTimeout);
    }

    /// <inheritdoc />
    public string Id => "SGE";

    internal string HostsCommand => _options.QhostCommand + " -xml -q";

    internal string JobsCommand => _options.QstatCommand + " -r -xml -u '*'";

    internal string HostGroupsCommand => _options.QconfCommand + " -shgrpl";

    internal string HostGroupCommand(string group) => $"{_options.QconfCommand} -shgrp_resolved {group}";

    internal string ParallelEnvironmentCommand(string pe) => $"{_options.QconfCommand} -sp {pe}";

    internal string DisableCommand(string host) => $"{_options.QmodCommand} -d '*@{host}'";

    internal string EnableCommand(string host) => $"{_options.QmodCommand} -e '*@{host}'";

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var groups = await HostGroupsAsync(cancellationToken).ConfigureAwait(false);
        var hosts = await HostsAsync(cancellationToken).ConfigureAwait(false);
        return hosts.Select(h => h.ToNodeInfo(groups.Of(h.Name))).ToList();
    }

    /// <inheritdoc />
    /// <remarks>Each parallel environment's allocation rule is read once per pass (KEEP: CLUES' per-poll cache).</remarks>
    public async Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var command = JobsCommand;
        var jobs = SgeJobReader.Read(await _commands.RunAsync(command, cancellationToken).ConfigureAwait(false), command);
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<JobInfo>(jobs.Count);
        foreach (var job in jobs)
        {
            int? perHost = null;
            if (job.Request.ParallelEnvironment is { } pe)
            {
                if (!rules.TryGetValue(pe, out var rule))
                {
                    var peCommand = ParallelEnvironmentCommand(pe);
                    rules[pe] = rule = SgeParallelEnvironment.ReadAllocationRule(await _commands.RunAsync(peCommand, cancellationToken).ConfigureAwait(false), peCommand);
                }
                perHost = Shape(() => SgeParallelEnvironment.SlotsPerHost(rule, job.Request.Slots), job, command);
            }
            var resources = Shape(() => job.Request.ToResources(perHost, _options.DefaultQueue), job, command);
            result.Add(new JobInfo(resources, job.Id, job.Nodes, job.State));
        }
        return result;
    }

    /// <inheritdoc />
    /// <remarks>Disables the host's queues, checks that no job runs there, and enables them and refuses when one does.</remarks>
    public Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken)
    {
        if (!_options.DisableBeforePowerOff)
        {
            return Task.FromResult(true);
        }
        if (!SgeNames.IsPlain(node))
        {
            Log.DisableFailed(_logger, node, "the name is not a Grid Engine host name");
            return Task.FromResult(false);
        }
        return PowerOffHold.PrepareAsync(this, node, cancellationToken);
    }

    Task IPowerOffHold.HoldAsync(string node, CancellationToken cancellationToken) => _commands.RunAsync(DisableCommand(node), cancellationToken);

    Task IPowerOffHold.ReleaseAsync(string node, CancellationToken cancellationToken) => _commands.RunAsync(EnableCommand(node), cancellationToken);

    bool IPowerOffHold.IsCommandFailure(Exception exception) => exception is SgeCommandException;

    bool IPowerOffHold.IsUnreadableOutput(Exception exception) => exception is SgeFormatException;

    void IPowerOffHold.OnHeld(string node) => Log.Disabled(_logger, node);

    void IPowerOffHold.OnHoldFailed(string node, string message) => Log.DisableFailed(_logger, node, message);

    void IPowerOffHold.OnStaysOn(string node, string reason) => Log.StaysOn(_logger, node, reason);

    void IPowerOffHold.OnReleaseFailed(string node, string message)
    {
        _toEnable[node] = true;
        Log.EnableFailed(_logger, node, message);
    }

    /// <inheritdoc />
    /// <remarks>Enables the host's queues; never fails the power-on itself.</remarks>
    public async Task<bool> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        if (_options.DisableBeforePowerOff && SgeNames.IsPlain(node))
        {
            await EnableAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <inheritdoc />
    /// <remarks>Retries the enables that failed after a power-on.</remarks>
    public async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _toEnable.Keys)
        {
            await EnableAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task EnableAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            await _commands.RunAsync(EnableCommand(node), cancellationToken).ConfigureAwait(false);
            _toEnable.TryRemove(node, out _);
            Log.Enabled(_logger, node);
        }
        catch (SgeCommandException ex)
        {
            _toEnable[node] = true;
            Log.EnableFailed(_logger, node, ex.Message);
        }
    }

    /// <summary>Why a job may still run on <paramref name="node"/>, or null when none does.</summary>
    async Task<string?> IPowerOffHold.WhyBusyAsync(string node, CancellationToken cancellationToken)
    {
        var hosts = await HostsAsync(cancellationToken).ConfigureAwait(false);
        if (hosts.FirstOrDefault(h => h.Name == node) is not { } host)
        {
            return $"Grid Engine does not list it ('{HostsCommand}')";
        }
        var used = host.SlotsInUse;
        return used > 0 ? $"{used} of its slots run or are reserved for a job" : null;
    }

    private async Task<IReadOnlyList<SgeHost>> HostsAsync(CancellationToken cancellationToken)
    {
        var command = HostsCommand;
        return SgeHostReader.Read(await _commands.RunAsync(command, cancellationToken).ConfigureAwait(false), command);
    }

    private async Task<SgeHostGroups> HostGroupsAsync(CancellationToken cancellationToken)
    {
        string listing;
        try
        {
            listing = await _commands.RunAsync(HostGroupsCommand, cancellationToken).ConfigureAwait(false);
        }
        catch (SgeCommandException ex) when (ex.Message.Contains(SgeHostGroups.NoneDefinedMessage, StringComparison.Ordinal))
        {
            return SgeHostGroups.None;
        }
        var groups = new SgeHostGroups();
        foreach (var group in SgeHostGroups.ReadList(listing, HostGroupsCommand))
        {
            var command = HostGroupCommand(group);
            groups.Add(group, await _commands.RunAsync(command, cancellationToken).ConfigureAwait(false), command);
        }
        return groups;
    }

    private static T Shape<T>(Func<T> read, SgeJob job, string command)
    {
        try
        {
            return read();
        }
        catch (FormatException ex) when (ex is not SgeFormatException)
        {
            throw new SgeFormatException($"'{command}': job {job.Id}: {ex.Message}", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Grid Engine host {Node}: queues disabled and no job runs there, so it may be powered off")]
        public static partial void Disabled(ILogger logger, string node);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "cannot disable the queues of Grid Engine host {Node}, so it is not powered off: {Reason}")]
        public static partial void DisableFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Grid Engine host {Node} is not powered off and its queues are enabled again: {Reason}")]
        public static partial void StaysOn(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Grid Engine host {Node}: queues enabled")]
        public static partial void Enabled(ILogger logger, string node);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "cannot enable the queues of Grid Engine host {Node}; retrying at the next lifecycle pass: {Reason}")]
        public static partial void EnableFailed(ILogger logger, string node, string reason);
    }
}
