using Clues.Core.Requests;

namespace Clues.Core.Scheduling;

/// <summary>An insertion-ordered map node name → requests that motivated powering it on.</summary>
public sealed class OrderedCandidates
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<Request>> _map = new(StringComparer.Ordinal);

    /// <summary>Number of nodes.</summary>
    public int Count => _order.Count;
    /// <summary>The node names, in insertion order.</summary>
    public IReadOnlyList<string> Names => _order;
    /// <summary>Whether the node is a candidate.</summary>
    public bool Contains(string name) => _map.ContainsKey(name);
    /// <summary>The requests behind a candidate.</summary>
    public IReadOnlyList<Request> RequestsFor(string name) => _map.TryGetValue(name, out var list) ? list : [];

    /// <summary>Adds the node if absent (keeping its place if present) and returns its request list.</summary>
    public List<Request> GetOrAdd(string name)
    {
        if (!_map.TryGetValue(name, out var list))
        {
            list = [];
            _map[name] = list;
            _order.Add(name);
        }
        return list;
    }

    /// <summary>Removes a node (a proposal withheld after the chain ran); returns whether it was there.</summary>
    public bool Remove(string name)
    {
        if (!_map.Remove(name))
        {
            return false;
        }
        _order.Remove(name);
        return true;
    }

    /// <summary>Sets the requests of a node (adding it at the end if absent).</summary>
    public void Set(string name, List<Request> requests)
    {
        if (!_map.ContainsKey(name))
        {
            _order.Add(name);
        }
        _map[name] = requests;
    }
}
