using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Core.Persistence;

/// <summary>
/// The store used when DB_CONNECTION_STRING is empty: nothing survives a restart of the process (a daemon built
/// again on the same instance resumes from it, as from a database).
/// FIX (spec §14 Q15): unlike CLUES' dummy store, requests work.
/// </summary>
public sealed class InMemoryCluesStore : ICluesStore
{
    private readonly List<(string Name, bool Enabled)> _hosts = [];
    private readonly Dictionary<string, StoredNode> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredNodeState> _nodeStates = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, QueuedRequest> _queue = [];
    private long _maxRequestId;

    /// <inheritdoc />
    public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => _hosts.ToList();

    /// <inheritdoc />
    public void SetHostEnabled(string name, bool enabled)
    {
        var i = _hosts.FindIndex(h => h.Name == name);
        if (i >= 0)
        {
            _hosts[i] = (name, enabled);
        }
        else
        {
            _hosts.Add((name, enabled));
        }
    }

    /// <inheritdoc />
    public void StoreNode(Node node, double now)
    {
        _latest[node.Name] = new StoredNode(node.Name, node.TimestampState, node.SlotsCount, node.SlotsFree,
            node.MemoryTotal, node.MemoryFree, (int)node.State, now);
        if (_hosts.FindIndex(h => h.Name == node.Name) < 0)
        {
            _hosts.Add((node.Name, true));
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNode> LatestNodes() => new Dictionary<string, StoredNode>(_latest);

    /// <inheritdoc />
    public void StoreRequest(Request request) => _maxRequestId = Math.Max(_maxRequestId, request.Id);

    /// <inheritdoc />
    public void UpdateRequest(Request request)
    {
    }

    /// <inheritdoc />
    public long MaxRequestId() => _maxRequestId;

    /// <inheritdoc />
    public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes)
    {
        foreach (var node in nodes)
        {
            _nodeStates[node.Name] = node;
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => new Dictionary<string, StoredNodeState>(_nodeStates, StringComparer.Ordinal);

    /// <inheritdoc />
    public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed)
    {
        foreach (var request in changed)
        {
            _queue[request.Id] = request;
        }
        foreach (var id in removed)
        {
            _queue.Remove(id);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<QueuedRequest> LoadQueue() => _queue.Values.ToList();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
