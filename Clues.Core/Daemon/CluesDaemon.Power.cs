using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    private readonly HashSet<string> _powerInFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Powers a node on (spec §1.8). Schedulers never force; the API does (it bypasses the enable flag).
    /// </summary>
    /// <returns>Success and the node switched; a failure leaves the node in OFF_ERR.</returns>
    /// <remarks>Call on the loop; await the task off the loop (a slow command's result is applied by a later loop event).</remarks>
    internal Task<(bool Success, string Node, string? Error)> PowerOnAsync(string name, bool force, CancellationToken cancellationToken) =>
        StartPower(PowerAction.On, name, force, cancellationToken);

    /// <summary>Powers a node off (spec §1.8); a failure leaves the node in ON_ERR.</summary>
    internal Task<(bool Success, string Node, string? Error)> PowerOffAsync(string name, bool force, CancellationToken cancellationToken) =>
        StartPower(PowerAction.Off, name, force, cancellationToken);

    /// <summary>
    /// Starts a power action on the loop. A command that answers at once (the simulator's) is applied at once, in
    /// CLUES' order. A slow one (docker-machine, IPMI over a busy network) does not hold the loop: the node shows
    /// POW_ON/POW_OFF from now, so no pass repeats the action, and the result is applied on the loop when it comes.
    /// FIX (spec §1.11): CLUES froze the whole daemon, API included, for up to TIMEOUT_COMMANDS per command.
    /// </summary>
    private Task<(bool Success, string Node, string? Error)> StartPower(PowerAction action, string name, bool force, CancellationToken cancellationToken)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            return Task.FromResult((false, "", (string?)$"node {name} is not managed by CLUES"));
        }
        if (!node.Enabled && !force)
        {
            Log.Disabled(_logger, name, action.Verb);
            return Task.FromResult((false, "", (string?)$"node {name} is disabled"));
        }
        if (action.AlreadyDone(node.State))
        {
            return Task.FromResult((true, name, (string?)null));
        }
        if (_powerInFlight.Contains(name))
        {
            return Task.FromResult((false, "", (string?)$"a power action on node {name} is still running"));
        }
        Log.Powering(_logger, action.Verb, name);
        Metrics.PowerAction(action.Verb, "started");
        _hooks.Fire(action.PreHook, name);
        var call = action.Call(_platform, name, cancellationToken);
        if (call.IsCompleted)
        {
            return Task.FromResult(ApplyPowerResult(action, node, name, call.Result, inTransit: false));
        }

        var now = _loop.Now;
        node.SetState(action.Transit, now);
        StoreNode(node, now);
        _powerInFlight.Add(name);
        var outcome = new TaskCompletionSource<(bool, string, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = _loop.ContinueWith(call, $"power {action.Verb} {name} result", result =>
        {
            _powerInFlight.Remove(name);
            outcome.TrySetResult(ApplyPowerResult(action, node, name, result, inTransit: true));
            return ValueTask.CompletedTask;
        }, () =>
        {
            _powerInFlight.Remove(name);
            outcome.TrySetCanceled(cancellationToken);
        });
        return outcome.Task;
    }

    private (bool Success, string Node, string? Error) ApplyPowerResult(PowerAction action, Node node, string name, PowerResult result, bool inTransit)
    {
        var now = _loop.Now;
        if (result.Success)
        {
            var real = result.NodeName ?? name;
            if (real != name)
            {
                Log.OtherNode(_logger, action.Verb, name, real);
                // FIX (spec §1.8 quirk): CLUES raises when the other node is unknown; here the asked node is used.
                if (_nodes.TryGetValue(real, out var other))
                {
                    node = other;
                }
            }
            if (node.SetState(action.Transit, now) || !inTransit)
            {
                StoreNode(node, now);
            }
            _hooks.Fire(action.PostHook, node.Name, "1", real);
            Metrics.PowerAction(action.Verb, "succeeded");
            return (true, node.Name, null);
        }
        Log.PowerFailed(_logger, action.Verb, name, result.Error);
        Metrics.PowerAction(action.Verb, "failed");
        node.SetState(action.Transit, now);
        _hooks.Fire(action.PostHook, name, "0", result.NodeName ?? "None");
        node.SetState(action.Failed, now);
        StoreNode(node, now);
        return (false, "", result.Error);
    }

    /// <summary>Forces a node back to IDLE whatever its state (spec §1.8 <c>reset_node_state</c>).</summary>
    internal (bool Success, string Message) ResetNodeState(string name)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            return (false, Api.XmlRpc.CluesMessages.ResetNotManaged);
        }
        var now = _loop.Now;
        node.SetState(NodeState.Idle, now, force: true);
        StoreNode(node, now);
        return (true, Api.XmlRpc.CluesMessages.ResetToIdle(name));
    }

    /// <summary>Enables or disables a node and persists the flag (spec §2.9).</summary>
    internal (bool Success, string Message) EnableNode(string name, bool enable)
    {
        if (!_nodes.ContainsKey(name))
        {
            return (false, Api.XmlRpc.CluesMessages.NodeDoesNotExist(name));
        }
        _store.SetHostEnabled(name, enable);
        _storedFlags[name] = enable;
        if (enable)
        {
            _explicitlyEnabled.Add(name);
        }
        else
        {
            _explicitlyEnabled.Remove(name);
        }
        ApplyEnableFlags();
        return (true, "");
    }
}
