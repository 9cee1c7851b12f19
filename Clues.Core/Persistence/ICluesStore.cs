using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Core.Persistence;

/// <summary>
/// What the daemon persists (spec §8): the enable flag of every known host, an append-only log of node
/// observations and power actions, and every request with its final state; and, beyond CLUES, what a restart
/// needs to resume (the daemon-side state of every node and the live request queue with its bookings).
/// </summary>
public interface ICluesStore : IDisposable
{
    /// <summary>Every host ever stored, with its enable flag, in storage order.</summary>
    IReadOnlyList<(string Name, bool Enabled)> LoadHosts();

    /// <summary>Inserts or updates the enable flag of a host.</summary>
    void SetHostEnabled(string name, bool enabled);

    /// <summary>Appends a <c>host_monitoring</c> row for the node at time <paramref name="now"/>; registers the host as enabled if new.</summary>
    void StoreNode(Node node, double now);

    /// <summary>The latest stored observation of every host.</summary>
    IReadOnlyDictionary<string, StoredNode> LatestNodes();

    /// <summary>Inserts a request row.</summary>
    void StoreRequest(Request request);

    /// <summary>Updates the state and state timestamp of a request row.</summary>
    void UpdateRequest(Request request);

    /// <summary>The highest request id ever stored (0 if none), so ids stay unique across restarts.</summary>
    long MaxRequestId();

    /// <summary>Saves (inserts or replaces) the daemon-side state of nodes in <c>node_state</c>.</summary>
    void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes);

    /// <summary>The saved daemon-side state of every node, by name.</summary>
    IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates();

    /// <summary>Saves (inserts or replaces) requests of the live queue and deletes the rows of the ids in <paramref name="removed"/>.</summary>
    void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed);

    /// <summary>The saved live queue, in id (arrival) order.</summary>
    IReadOnlyList<QueuedRequest> LoadQueue();
}

/// <summary>A node as last stored.</summary>
public sealed record StoredNode(string Name, double TimestampState, double SlotsCount, double SlotsFree,
    double MemoryTotal, double MemoryFree, int State, double Timestamp);
