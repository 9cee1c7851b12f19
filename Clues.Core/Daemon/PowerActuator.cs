using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// Carries out the daemon's power actions (spec §1.8): the enable flag, the PRE/POST hooks, the platform call, the
/// resulting node state, and the actions still in flight. A command that answers at once (the simulator's) is
/// applied at once, in CLUES' order; a slow one does not hold the loop.
/// </summary>
/// <param name="loop">The loop results are applied on.</param>
/// <param name="platform">The LRMS and power manager, and the fence asked before each power command.</param>
/// <param name="hooks">The PRE_/POST_POWERON/OFF hooks.</param>
/// <param name="metrics">Counts actions started, succeeded and failed.</param>
/// <param name="findNode">The managed node with a name, or null.</param>
/// <param name="storeNode">Records a node's new state (the daemon's host_monitoring row and resume state).</param>
/// <param name="dryRun">DRY_RUN (null when not): decide, log and count, but run no hook and no command.</param>
/// <param name="logger">The daemon's logger (the messages are the daemon's).</param>
internal sealed partial class PowerActuator(EventLoop loop, Platform platform, HookRunner hooks, DaemonMetrics metrics,
    Func<string, Node?> findNode, Action<Node, double> storeNode, DryRunDecisions? dryRun, ILogger logger)
{
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly DryRunDecisions? _dryRun = dryRun;

    /// <summary>Whether power actions are only decided, never run (DRY_RUN).</summary>
    public bool DryRun => _dryRun is not null;

    /// <summary>
    /// Starts a power action on the loop. A slow command leaves the node in POW_ON/POW_OFF from now, so no pass
    /// repeats the action, and its result is applied on the loop when it comes.
    /// FIX (spec §1.11): CLUES froze the whole daemon, API included, for up to TIMEOUT_COMMANDS per command.
    /// </summary>
    /// <param name="action">Power on or off.</param>
    /// <param name="name">The node.</param>
    /// <param name="force">Whether a disabled node is powered too (the API).</param>
    /// <param name="requests">The requests the action is for, for the log (null if none).</param>
    /// <param name="cancellationToken">Stops waiting for the command.</param>
    /// <returns>Success and the node switched; a failure leaves the node in OFF_ERR (on) or ON_ERR (off).</returns>
    public Task<(bool Success, string Node, string? Error)> Start(PowerAction action, string name, bool force, IReadOnlyList<long>? requests,
        CancellationToken cancellationToken)
    {
        if (findNode(name) is not { } node)
        {
            return Task.FromResult((false, "", (string?)$"node {name} is not managed by CLUES"));
        }
        if (!node.Enabled && !force)
        {
            Log.Disabled(logger, name, action.Verb);
            return Task.FromResult((false, "", (string?)$"node {name} is disabled"));
        }
        if (action.AlreadyDone(node.State))
        {
            return Task.FromResult((true, name, (string?)null));
        }
        if (_inFlight.Contains(name))
        {
            return Task.FromResult((false, "", (string?)$"a power action on node {name} is still running"));
        }
        if (_dryRun is not null)
        {
            return Task.FromResult(_dryRun.Decide(action, node, requests ?? [], loop.Now));
        }
        if (!platform.Fence.MayAct($"power {action.Verb} {name}"))
        {
            return Task.FromResult((false, "", (string?)"this clues-host is not the active one"));
        }
        Log.Powering(logger, action.Verb, name);
        metrics.PowerAction(action.Verb, "started");
        hooks.Fire(action.PreHook, name);
        var call = action.Call(platform, name, cancellationToken);
        // A call cancelled as it started (the daemon is stopping) has no result: it ends like one cancelled later.
        if (call.IsCompleted && !call.IsCanceled)
        {
            return Task.FromResult(Apply(action, node, name, call.Result, inTransit: false));
        }

        var now = loop.Now;
        node.SetState(action.Transit, now);
        storeNode(node, now);
        _inFlight.Add(name);
        var outcome = new TaskCompletionSource<(bool, string, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = loop.ContinueWith(call, $"power {action.Verb} {name} result", result =>
        {
            _inFlight.Remove(name);
            outcome.TrySetResult(Apply(action, node, name, result, inTransit: true));
            return ValueTask.CompletedTask;
        }, () =>
        {
            _inFlight.Remove(name);
            outcome.TrySetCanceled(cancellationToken);
        });
        return outcome.Task;
    }

    /// <summary>Ends a scheduling pass (a dry run's repeated decisions are counted once).</summary>
    public void EndPass() => _dryRun?.EndPass();

    private (bool Success, string Node, string? Error) Apply(PowerAction action, Node node, string name, PowerResult result, bool inTransit)
    {
        var now = loop.Now;
        if (result.Success)
        {
            var real = result.NodeName ?? name;
            if (real != name)
            {
                Log.OtherNode(logger, action.Verb, name, real);
                // FIX (spec §1.8 quirk): CLUES raises when the other node is unknown; here the asked node is used.
                if (findNode(real) is { } other)
                {
                    node = other;
                }
            }
            if (node.SetState(action.Transit, now) || !inTransit)
            {
                storeNode(node, now);
            }
            hooks.Fire(action.PostHook, node.Name, "1", real);
            metrics.PowerAction(action.Verb, "succeeded");
            return (true, node.Name, null);
        }
        Log.PowerFailed(logger, action.Verb, name, result.Error);
        metrics.PowerAction(action.Verb, "failed");
        node.SetState(action.Transit, now);
        hooks.Fire(action.PostHook, name, "0", result.NodeName ?? "None");
        node.SetState(action.Failed, now);
        storeNode(node, now);
        return (false, "", result.Error);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 612, Level = LogLevel.Warning, Message = "node {Node} cannot be powered {Action} because it is disabled")]
        public static partial void Disabled(ILogger logger, string node, string action);

        [LoggerMessage(EventId = 613, Level = LogLevel.Information, Message = "powering {Action} node {Node}")]
        public static partial void Powering(ILogger logger, string action, string node);

        [LoggerMessage(EventId = 614, Level = LogLevel.Warning, Message = "could not power {Action} node {Node}: {Error}")]
        public static partial void PowerFailed(ILogger logger, string action, string node, string? error);

        [LoggerMessage(EventId = 615, Level = LogLevel.Warning, Message = "asked to power {Action} {Node} but the power manager switched {Real}")]
        public static partial void OtherNode(ILogger logger, string action, string node, string real);
    }
}
