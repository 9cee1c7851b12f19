using System.Collections;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>An ordered set of nodes (LRMS order), looked up by name.</summary>
public sealed class NodeList : IReadOnlyList<Node>
{
    private readonly List<Node> _nodes;
    private readonly Dictionary<string, int> _index;
    // The copy NextPassCopy handed out last, refreshed by the next call.
    private NodeList? _passCopy;

    /// <summary>Builds the list from nodes (not copied).</summary>
    public NodeList(IEnumerable<Node> nodes)
    {
        _nodes = nodes.ToList();
        _index = new Dictionary<string, int>(_nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Count; i++)
        {
            _index[_nodes[i].Name] = i;
        }
    }

    private NodeList(List<Node> nodes, Dictionary<string, int> index)
    {
        _nodes = nodes;
        _index = index;
    }

    /// <summary>A list holding a copy of every node (a pass-private view for the schedulers).</summary>
    public static NodeList CopyOf(IEnumerable<Node> nodes) => new(nodes.Select(n => n.Copy()));

    /// <summary>A list holding a copy of every node of <paramref name="nodes"/>, sharing its name index (never changed once built).</summary>
    public static NodeList CopyOf(NodeList nodes)
    {
        var copies = new List<Node>(nodes.Count);
        foreach (var node in nodes._nodes)
        {
            copies.Add(node.Copy());
        }
        return new NodeList(copies, nodes._index);
    }

    /// <summary>
    /// A copy of every node for the next scheduling pass, as <see cref="CopyOf(NodeList)"/> makes, but the same
    /// list and nodes as this method's previous result, overwritten with the current values: a copy is valid until
    /// the next call. The daemon runs one pass at a time and keeps nothing of a pass, and 100 node copies every
    /// 5 simulated seconds were a third of what a simulation allocated.
    /// </summary>
    public NodeList NextPassCopy()
    {
        if (_passCopy is null)
        {
            return _passCopy = CopyOf(this);
        }
        for (var i = 0; i < _nodes.Count; i++)
        {
            _passCopy._nodes[i].CopyFrom(_nodes[i]);
        }
        return _passCopy;
    }

    /// <inheritdoc />
    public int Count => _nodes.Count;

    /// <inheritdoc />
    public Node this[int index] => _nodes[index];

    /// <summary>The node with that name, or null.</summary>
    public Node? Find(string name) => _index.TryGetValue(name, out var i) ? _nodes[i] : null;

    /// <summary>The LRMS position of the node with that name, or -1.</summary>
    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    /// <inheritdoc />
    public IEnumerator<Node> GetEnumerator() => _nodes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
