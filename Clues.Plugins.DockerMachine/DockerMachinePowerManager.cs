using System.Collections.Concurrent;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.Docker.Machines;
using Clues.Plugins.Docker.Swarm;
using Clues.Plugins.DockerMachine.Swarm;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.DockerMachine;

/// <summary>
/// <c>cluesplugins.dmachine</c>: powers Swarm workers on and off with <c>docker-machine start/stop</c> (any command
/// template of <c>[DMACHINE]</c>), and takes each node out of the Swarm before it goes so that no running job is
/// killed.
/// </summary>
/// <remarks>
/// <para>Power off, in order:</para>
/// <list type="number">
/// <item>A machine docker-machine already shows Stopped is done.</item>
/// <item>The node's availability becomes <c>pause</c>: Swarm places nothing new there and leaves running tasks
/// alone. (Not <c>drain</c> yet: draining stops the running tasks to move them, which would kill a job.)</item>
/// <item>Its active tasks (assigned to starting to running) are counted every <c>DMACHINE_DRAIN_POLL</c> until none
/// is left, at most <c>DMACHINE_DRAIN_TIMEOUT</c>. If work remains, the node is set <c>active</c> again and the
/// power-off fails: the node stays on (ON_ERR) and its jobs run on.</item>
/// <item>The node is set <c>drain</c> (nothing to move any more) and the power-off command runs; if it fails the
/// node is set <c>active</c> again.</item>
/// </list>
/// <para>Power on runs the power-on command (unless the machine already runs), then sets the node <c>active</c>. A
/// Swarm refusal there does not undo the power-on: the node is remembered and set active at the next lifecycle.</para>
/// <para>FIX (spec docker §1.4): the thesis' module did not even import; its commands are kept as the defaults.</para>
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<DockerMachineOptions>]
internal sealed partial class DockerMachinePowerManager : CommandLinePowerManager, IDisposable
{
    public const string PluginName = "cluesplugins.dmachine";

    private readonly DockerMachineOptions _options;
    private readonly ISwarmNodeControl _swarm;
    private readonly IMachineStateSource? _machines;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IDisposable? _owned;
    private readonly ConcurrentDictionary<string, bool> _toActivate = new(StringComparer.Ordinal);

    /// <summary>Creates the power manager from <c>[DMACHINE]</c> and <c>[DOCKER] DOCKER_MANAGER_HOST</c>.</summary>
    public DockerMachinePowerManager(CluesConfig config, ILogger<DockerMachinePowerManager> logger, TimeProvider timeProvider)
        : this(DockerMachineOptions.Read(config), null, null, logger, timeProvider)
    {
    }

    internal DockerMachinePowerManager(DockerMachineOptions options, ISwarmNodeControl? swarm, IMachineStateSource? machines,
        ILogger logger, TimeProvider timeProvider)
        : base(options.Commands, logger, timeProvider)
    {
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        if (swarm is null)
        {
            var client = SwarmClientFactory.Create(options.ManagerHost);
            _owned = client;
            swarm = new DockerSwarmNodeControl(client);
        }
        _swarm = swarm;
        _machines = machines ?? (options.MachineListCommand.Length == 0
            ? null
            : new CommandMachineStateSource(Runner, options.MachineListCommand, options.Commands.Timeout));
    }

    /// <inheritdoc />
    public override async Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
    {
        PowerResult result;
        if (await MachineStateAsync(node, cancellationToken).ConfigureAwait(false) == MachineList.Running)
        {
            Log.AlreadyInState(_logger, node, MachineList.Running);
            result = PowerResult.Ok(node);
        }
        else
        {
            result = await base.PowerOnAsync(node, cancellationToken).ConfigureAwait(false);
        }
        if (result.Success)
        {
            await ActivateAsync(result.NodeName ?? node, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    /// <inheritdoc />
    public override async Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
    {
        if (await MachineStateAsync(node, cancellationToken).ConfigureAwait(false) == "Stopped")
        {
            Log.AlreadyInState(_logger, node, "Stopped");
            return PowerResult.Ok(node);
        }

        bool known;
        try
        {
            known = await _swarm.SetAvailabilityAsync(node, SwarmAvailability.Pause, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(node, $"cannot pause Swarm node '{node}' before powering it off, so it stays on: {ex.Message}");
        }

        if (known)
        {
            var idle = false;
            try
            {
                idle = await WaitIdleAsync(node, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await ActivateAsync(node, CancellationToken.None).ConfigureAwait(false);
                return Fail(node, $"cannot count the tasks of Swarm node '{node}', so it stays on: {ex.Message}");
            }
            catch (OperationCanceledException)
            {
                await ActivateAsync(node, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            if (!idle)
            {
                await ActivateAsync(node, CancellationToken.None).ConfigureAwait(false);
                return Fail(node, $"Swarm node '{node}' still runs tasks after {_options.DrainTimeout.TotalSeconds:0.#} s " +
                    $"([{DockerMachineOptions.Section}] {DockerMachineOptions.DrainTimeoutKey}); it stays on");
            }
            try
            {
                await _swarm.SetAvailabilityAsync(node, SwarmAvailability.Drain, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Paused and idle is enough to power off safely; drain only labels the node as gone.
                Log.DrainFailed(_logger, node, ex.Message);
            }
        }
        else
        {
            Log.NotInSwarm(_logger, node);
        }

        var result = await base.PowerOffAsync(node, cancellationToken).ConfigureAwait(false);
        if (!result.Success && known)
        {
            await ActivateAsync(node, CancellationToken.None).ConfigureAwait(false);
        }
        return result;
    }

    /// <inheritdoc />
    /// <remarks>Sets active the nodes whose activation failed after a power action.</remarks>
    public override async Task<bool> LifecycleAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _toActivate.Keys)
        {
            await ActivateAsync(node, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private async Task<bool> WaitIdleAsync(string node, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetTimestamp();
        while (true)
        {
            var active = await _swarm.CountActiveTasksAsync(node, cancellationToken).ConfigureAwait(false);
            if (active == 0)
            {
                return true;
            }
            if (_timeProvider.GetElapsedTime(deadline) >= _options.DrainTimeout)
            {
                return false;
            }
            Log.Waiting(_logger, node, active);
            await Task.Delay(_options.DrainPoll, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ActivateAsync(string node, CancellationToken cancellationToken)
    {
        try
        {
            await _swarm.SetAvailabilityAsync(node, SwarmAvailability.Active, cancellationToken).ConfigureAwait(false);
            _toActivate.TryRemove(node, out _);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _toActivate[node] = true;
            Log.ActivateFailed(_logger, node, ex.Message);
        }
    }

    private async Task<string?> MachineStateAsync(string node, CancellationToken cancellationToken)
    {
        if (_machines is null)
        {
            return null;
        }
        try
        {
            var states = await _machines.GetStatesAsync(cancellationToken).ConfigureAwait(false);
            return states.GetValueOrDefault(node);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only an optimisation: without it the command runs anyway.
            Log.ListFailed(_logger, ex.Message);
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _owned?.Dispose();

    // Event ids from 101: ids 1 to 5 are the command-line base class's, logged under the same category.
    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Machine {Node} is already {State}: no command run")]
        public static partial void AlreadyInState(ILogger logger, string node, string state);

        [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Waiting for {Count} task(s) to end on node {Node} before powering it off")]
        public static partial void Waiting(ILogger logger, string node, int count);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Node {Node} is not in the Swarm: powering it off without draining")]
        public static partial void NotInSwarm(ILogger logger, string node);

        [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Cannot set Swarm node {Node} active (retried at the next lifecycle): {Reason}")]
        public static partial void ActivateFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Cannot set idle Swarm node {Node} to drain; powering it off anyway: {Reason}")]
        public static partial void DrainFailed(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Listing machines failed; acting without their states: {Reason}")]
        public static partial void ListFailed(ILogger logger, string reason);
    }
}
