using Clues.Core.Groups;
using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Simulation;

/// <summary>
/// The most nodes of each node group that were on or booting at once during a simulation, counted from the node
/// states after every state change (so it checks the groups' MAX_ON from what happened, not from the guard's books).
/// </summary>
internal sealed class GroupPeaks(NodeGroupGuard guard, Func<IReadOnlyList<Node>> nodes)
{
    private readonly int[] _peaks = new int[guard.Groups.Count];

    /// <summary>Records a state change (the daemon's observer).</summary>
    public void Record(Node node)
    {
        if (guard.GroupOf(node.Name) is not { } group)
        {
            return;
        }
        var count = 0;
        foreach (var other in nodes())
        {
            if (other.State is NodeState.Idle or NodeState.Used or NodeState.OnErr or NodeState.PowOn && guard.GroupOf(other.Name) == group)
            {
                count++;
            }
        }
        var index = IndexOf(group);
        _peaks[index] = Math.Max(_peaks[index], count);
    }

    /// <summary>Each group's peak.</summary>
    public IReadOnlyList<GroupPeak> Result() =>
        guard.Groups.Select((g, i) => new GroupPeak(g.Name, _peaks[i], g.MinOn, g.MaxOn)).ToList();

    private int IndexOf(NodeGroup group)
    {
        for (var i = 0; i < guard.Groups.Count; i++)
        {
            if (guard.Groups[i] == group)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>A node group's share of a simulation.</summary>
/// <param name="Group">The group.</param>
/// <param name="PeakOn">The most of its nodes on or booting at once.</param>
/// <param name="MinOn">Its MIN_ON.</param>
/// <param name="MaxOn">Its MAX_ON (0 = no cap).</param>
public sealed record GroupPeak(string Group, int PeakOn, int MinOn, int MaxOn);
