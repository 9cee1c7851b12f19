using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;

namespace Clues.Core.Daemon;

/// <summary>
/// The daemon's resume state in the store (spec §8 FIX): what it saves of every node (timers, failure counters,
/// power actions in flight) and of the live request queue, written only when it changed since last saved, and what
/// it reads back after a restart. CLUES' own rows (host_monitoring, requests) are written by the daemon's steps.
/// </summary>
internal sealed class DaemonStateStore(ICluesStore store)
{
    private Dictionary<string, StoredNodeState>? _toRestore;
    // Keyed by the node itself: every node is compared on every monitoring pass, and a name would be hashed each time.
    private readonly Dictionary<Node, StoredNodeState> _savedNodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<long, SavedRequest> _savedRequests = [];

    /// <summary>The store itself, for CLUES' rows.</summary>
    public ICluesStore Store => store;

    /// <summary>Reads the node states saved by the previous run; each is handed out once by <see cref="TakeRestored"/>.</summary>
    /// <returns>How many node states were read.</returns>
    public int LoadNodeStates()
    {
        _toRestore = new Dictionary<string, StoredNodeState>(store.LoadNodeStates(), StringComparer.Ordinal);
        return _toRestore.Count;
    }

    /// <summary>The saved state of a node first seen now, if the previous run left one (from now on counted as saved).</summary>
    public StoredNodeState? TakeRestored(Node node)
    {
        if (_toRestore is null || !_toRestore.Remove(node.Name, out var saved))
        {
            return null;
        }
        _savedNodes[node] = saved;
        return saved;
    }

    /// <summary>Records that a request read back from the store is saved as it is.</summary>
    public void RestoredRequest(Request request, Booking? booking) => _savedRequests[request.Id] = SavedRequest.Of(request, booking);

    /// <summary>Saves the state of one node if it changed since last saved.</summary>
    public void SaveNode(Node node)
    {
        if (Unsaved(node) is { } state)
        {
            store.SaveNodeStates([state]);
        }
    }

    /// <summary>Saves the state of every node that changed since last saved (end of node monitoring).</summary>
    public void SaveNodes(IReadOnlyList<Node> nodes)
    {
        List<StoredNodeState>? changed = null;
        foreach (var node in nodes)
        {
            if (Unsaved(node) is { } state)
            {
                (changed ??= []).Add(state);
            }
        }
        if (changed is not null)
        {
            store.SaveNodeStates(changed);
        }
    }

    /// <summary>
    /// The node's state when it differs from what was last saved (and from now on counted as saved), else null.
    /// Compared field by field: this runs for every node on every monitoring pass.
    /// </summary>
    private StoredNodeState? Unsaved(Node node)
    {
        if (_savedNodes.TryGetValue(node, out var saved)
            && saved.State == node.State
            && saved.TimestampState.Equals(node.TimestampState)
            && saved.TimestampPoweredOn.Equals(node.TimestampPoweredOn)
            && saved.TimestampPoweredOff.Equals(node.TimestampPoweredOff)
            && saved.PowerOnFailures == node.PowerOnOperationFailed
            && saved.PowerOffFailures == node.PowerOffOperationFailed)
        {
            return null;
        }
        var state = new StoredNodeState(node.Name, node.State, node.TimestampState,
            node.TimestampPoweredOn, node.TimestampPoweredOff, node.PowerOnOperationFailed, node.PowerOffOperationFailed);
        _savedNodes[node] = state;
        return state;
    }

    /// <summary>Saves one new request of the live queue (a full <see cref="SaveQueue"/> per request would be quadratic).</summary>
    public void SaveNewRequest(Request request)
    {
        _savedRequests[request.Id] = SavedRequest.Of(request, null);
        store.SaveQueue([Queued(request, null)], []);
    }

    /// <summary>Saves the requests of the live queue that changed (state, timers, booking) and deletes those that left it.</summary>
    public void SaveQueue(RequestQueue requests, BookingSystem bookings)
    {
        List<QueuedRequest>? changed = null;
        var queued = 0;
        foreach (var request in requests)
        {
            queued++;
            var booking = bookings.Find(request.Id);
            var mark = SavedRequest.Of(request, booking);
            if (!_savedRequests.TryGetValue(request.Id, out var saved) || saved != mark)
            {
                _savedRequests[request.Id] = mark;
                (changed ??= []).Add(Queued(request, booking));
            }
        }
        // Every queued request is now among the saved ones: more saved than queued means some left the queue.
        List<long>? removed = null;
        if (_savedRequests.Count > queued)
        {
            foreach (var id in _savedRequests.Keys)
            {
                if (requests.Find(id) is null)
                {
                    (removed ??= []).Add(id);
                }
            }
        }
        foreach (var id in removed ?? [])
        {
            _savedRequests.Remove(id);
        }
        if (changed is not null || removed is not null)
        {
            store.SaveQueue(changed ?? [], removed ?? []);
        }
    }

    private static QueuedRequest Queued(Request request, Booking? booking) =>
        new(request.Id, request.Resources, request.State, request.TimestampCreated, request.TimestampState,
            request.TimestampAttended, request.AttendedRetries, request.JobId, request.JobNodeIds, booking?.Nodes ?? [], booking?.Timestamp ?? 0);

    /// <summary>What was last saved of a queued request (to save only what changed).</summary>
    private readonly record struct SavedRequest(RequestState State, double TimestampState, double TimestampAttended, int AttendedRetries, Booking? Booking)
    {
        public static SavedRequest Of(Request request, Booking? booking) =>
            new(request.State, request.TimestampState, request.TimestampAttended, request.AttendedRetries, booking);
    }
}
