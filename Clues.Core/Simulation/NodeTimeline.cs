using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Simulation;

/// <summary>Accumulates how long every node spent in each state, and how often it was powered on.</summary>
public sealed class NodeTimeline
{
    private readonly Dictionary<string, (NodeState State, double Since)> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<NodeState, double>> _durations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _powerOns = new(StringComparer.Ordinal);

    /// <summary>Records a state change (the daemon's observer).</summary>
    public void Record(Node node, NodeState old, double now)
    {
        var (state, since) = _current.TryGetValue(node.Name, out var current) ? current : (old, node.TimestampCreated);
        Add(node.Name, state, now - since);
        _current[node.Name] = (node.State, now);
        if (node.State == NodeState.PowOn)
        {
            _powerOns[node.Name] = _powerOns.GetValueOrDefault(node.Name) + 1;
        }
    }

    /// <summary>Seconds per state for a node, up to <paramref name="end"/>.</summary>
    public IReadOnlyDictionary<NodeState, double> Durations(Node node, double end)
    {
        var result = new Dictionary<NodeState, double>(_durations.GetValueOrDefault(node.Name) ?? []);
        var (state, since) = _current.TryGetValue(node.Name, out var current) ? current : (node.State, node.TimestampCreated);
        result[state] = result.GetValueOrDefault(state) + Math.Max(0, end - since);
        return result;
    }

    /// <summary>How many times the node was powered on.</summary>
    public int PowerOns(string node) => _powerOns.GetValueOrDefault(node);

    private void Add(string node, NodeState state, double seconds)
    {
        if (!_durations.TryGetValue(node, out var durations))
        {
            durations = [];
            _durations[node] = durations;
        }
        durations[state] = durations.GetValueOrDefault(state) + seconds;
    }
}
