using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>
    /// Powers a node on (spec §1.8). Schedulers never force; the API does (it bypasses the enable flag).
    /// </summary>
    /// <returns>Success and the node switched; a failure leaves the node in OFF_ERR.</returns>
    /// <remarks>Call on the loop; await the task off the loop (a slow command's result is applied by a later loop event).</remarks>
    internal Task<(bool Success, string Node, string? Error)> PowerOnAsync(string name, bool force, CancellationToken cancellationToken,
        IReadOnlyList<long>? requests = null) =>
        _power.Start(PowerAction.On, name, force, requests, cancellationToken);

    /// <summary>Powers a node off (spec §1.8); a failure leaves the node in ON_ERR.</summary>
    internal Task<(bool Success, string Node, string? Error)> PowerOffAsync(string name, bool force, CancellationToken cancellationToken) =>
        _power.Start(PowerAction.Off, name, force, null, cancellationToken);

    /// <summary>Whether power actions are only decided and logged, never run (<c>[general] DRY_RUN</c>, <c>--dry-run</c>).</summary>
    public bool DryRun => _power.DryRun;

    /// <summary>What a dry run has decided so far (loop thread only); <see cref="Api.DryRunStatus.Off"/> when not in dry run.</summary>
    internal Api.DryRunStatus SnapshotDryRun() => _dryRun?.Status() ?? Api.DryRunStatus.Off;

    /// <summary>Forces a node back to IDLE whatever its state (spec §1.8 <c>reset_node_state</c>).</summary>
    internal (bool Success, string Message) ResetNodeState(string name)
    {
        if (_nodeMonitor.Find(name) is not { } node)
        {
            return (false, Api.XmlRpc.CluesMessages.ResetNotManaged);
        }
        var now = _loop.Now;
        _quarantine.OnReset(node);
        node.SetState(NodeState.Idle, now, force: true);
        StoreNode(node, now);
        return (true, Api.XmlRpc.CluesMessages.ResetToIdle(name));
    }

    /// <summary>Enables or disables a node and persists the flag (spec §2.9).</summary>
    internal (bool Success, string Message) EnableNode(string name, bool enable) =>
        _nodeMonitor.SetEnabled(name, enable) ? (true, "") : (false, Api.XmlRpc.CluesMessages.NodeDoesNotExist(name));
}
