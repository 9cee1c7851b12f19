using Clues.Core.Model;

namespace Clues.Core.Daemon;

public sealed partial class CluesDaemon
{
    /// <summary>
    /// Auto-recovery (spec §1.9): an OFF_ERR node with fewer than RETRIES_POWER_ON failures goes back to OFF once its
    /// power-on backoff is over (a quarantined one once QUARANTINE_TIME has passed), an ON_ERR node with fewer than
    /// RETRIES_POWER_OFF failures back to IDLE, so the schedulers may try again.
    /// </summary>
    internal ValueTask RecoverNodesAsync(CancellationToken cancellationToken)
    {
        var now = _loop.Now;
        foreach (var node in Nodes)
        {
            if (node.State == NodeState.OffErr)
            {
                if (_quarantine.Recover(node, now))
                {
                    StoreNode(node, now);
                }
            }
            else if (node.State == NodeState.OnErr && node.PowerOffOperationFailed < _options.Scheduling.RetriesPowerOff)
            {
                Log.Recovering(_logger, node.Name, node.State.ToDisplay(), node.PowerOffOperationFailed);
                node.SetState(NodeState.Idle, now, force: true);
                StoreNode(node, now);
            }
        }
        return ValueTask.CompletedTask;
    }
}
