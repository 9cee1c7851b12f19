using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>
    /// Powers a node on (spec §1.8). Schedulers never force; the API does (it bypasses the enable flag).
    /// </summary>
    /// <returns>Success and the node switched; a failure leaves the node in OFF_ERR.</returns>
    internal async Task<(bool Success, string Node, string? Error)> PowerOnAsync(string name, bool force, CancellationToken cancellationToken)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            return (false, "", $"node {name} is not managed by CLUES");
        }
        if (!node.Enabled && !force)
        {
            Log.Disabled(_logger, name, "on");
            return (false, "", $"node {name} is disabled");
        }
        if (node.State is NodeState.Idle or NodeState.Used or NodeState.PowOn or NodeState.OnErr)
        {
            return (true, name, null);
        }
        Log.Powering(_logger, "on", name);
        _hooks.Fire("PRE_POWERON", name);
        var result = await _platform.PowerOnAsync(name, cancellationToken).ConfigureAwait(false);
        var now = _loop.Now;
        if (result.Success)
        {
            var real = result.NodeName ?? name;
            if (real != name)
            {
                Log.OtherNode(_logger, "on", name, real);
                // FIX (spec §1.8 quirk): CLUES raises when the other node is unknown; here the asked node is used.
                if (_nodes.TryGetValue(real, out var other))
                {
                    node = other;
                }
            }
            node.SetState(NodeState.PowOn, now);
            StoreNode(node, now);
            _hooks.Fire("POST_POWERON", node.Name, "1", real);
            return (true, node.Name, null);
        }
        Log.PowerFailed(_logger, "on", name, result.Error);
        node.SetState(NodeState.PowOn, now);
        _hooks.Fire("POST_POWERON", name, "0", result.NodeName ?? "None");
        node.SetState(NodeState.OffErr, now);
        StoreNode(node, now);
        return (false, "", result.Error);
    }

    /// <summary>Powers a node off (spec §1.8); a failure leaves the node in ON_ERR.</summary>
    internal async Task<(bool Success, string Node, string? Error)> PowerOffAsync(string name, bool force, CancellationToken cancellationToken)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            return (false, "", $"node {name} is not managed by CLUES");
        }
        if (!node.Enabled && !force)
        {
            Log.Disabled(_logger, name, "off");
            return (false, "", $"node {name} is disabled");
        }
        if (node.State is NodeState.Off or NodeState.PowOff or NodeState.OffErr)
        {
            return (true, name, null);
        }
        Log.Powering(_logger, "off", name);
        _hooks.Fire("PRE_POWEROFF", name);
        var result = await _platform.PowerOffAsync(name, cancellationToken).ConfigureAwait(false);
        var now = _loop.Now;
        if (result.Success)
        {
            var real = result.NodeName ?? name;
            if (real != name)
            {
                Log.OtherNode(_logger, "off", name, real);
                if (_nodes.TryGetValue(real, out var other))
                {
                    node = other;
                }
            }
            node.SetState(NodeState.PowOff, now);
            StoreNode(node, now);
            _hooks.Fire("POST_POWEROFF", node.Name, "1", real);
            return (true, node.Name, null);
        }
        Log.PowerFailed(_logger, "off", name, result.Error);
        node.SetState(NodeState.PowOff, now);
        _hooks.Fire("POST_POWEROFF", name, "0", result.NodeName ?? "None");
        node.SetState(NodeState.OnErr, now);
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
