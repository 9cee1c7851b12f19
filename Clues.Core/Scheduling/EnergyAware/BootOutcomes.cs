using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling.EnergyAware;

/// <summary>
/// The share of power-ons that fail, as the daemon saw them: a node that left POW_ON for IDLE or USED booted, one
/// that left it for OFF_ERR (or OFF) did not. Seen from one scheduling pass to the next; no figure is assumed.
/// </summary>
internal sealed class BootOutcomes
{
    private readonly Dictionary<string, (NodeState State, double Since)> _last = new(StringComparer.Ordinal);
    private double _failedSeconds;

    /// <summary>Power-ons seen to succeed.</summary>
    public int Booted { get; private set; }

    /// <summary>Power-ons seen to fail.</summary>
    public int Failed { get; private set; }

    /// <summary>Failed over finished power-ons; 0 before any finished.</summary>
    public double FailureRate => Booted + Failed == 0 ? 0 : (double)Failed / (Booted + Failed);

    /// <summary>The mean seconds from a power-on to the node seen to have failed it (MAX_WAIT_POWERON, or sooner); 0 before any.</summary>
    public double MeanFailedBootSeconds => Failed == 0 ? 0 : _failedSeconds / Failed;

    /// <summary>Takes the nodes' states of this pass.</summary>
    public void Update(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            if (_last.TryGetValue(node.Name, out var last) && last.State == NodeState.PowOn && node.State != NodeState.PowOn)
            {
                switch (node.State)
                {
                    case NodeState.Idle or NodeState.Used:
                        Booted++;
                        break;
                    case NodeState.OffErr or NodeState.Off:
                        Failed++;
                        _failedSeconds += Math.Max(0, node.TimestampState - last.Since);
                        break;
                }
            }
            _last[node.Name] = (node.State, node.TimestampState);
        }
    }
}
