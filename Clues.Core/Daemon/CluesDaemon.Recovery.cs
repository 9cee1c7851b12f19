using Clues.Core.Model;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>
    /// Auto-recovery (spec §1.9): an OFF_ERR node with fewer than RETRIES_POWER_ON failures goes back to OFF, an
    /// ON_ERR node with fewer than RETRIES_POWER_OFF failures back to IDLE, so the schedulers may try again.
    /// </summary>
    internal ValueTask RecoverNodesAsync(CancellationToken cancellationToken)
    {
        var now = _loop.Now;
        foreach (var node in Nodes)
        {
            if (node.State == NodeState.OffErr && node.PowerOnOperationFailed < _scheduling.RetriesPowerOn)
            {
                Log.Recovering(_logger, node.Name, node.State.ToDisplay(), node.PowerOnOperationFailed);
                node.SetState(NodeState.Off, now, force: true);
                StoreNode(node, now);
            }
            else if (node.State == NodeState.OnErr && node.PowerOffOperationFailed < _scheduling.RetriesPowerOff)
            {
                Log.Recovering(_logger, node.Name, node.State.ToDisplay(), node.PowerOffOperationFailed);
                node.SetState(NodeState.Idle, now, force: true);
                StoreNode(node, now);
            }
        }
        return ValueTask.CompletedTask;
    }
}
