using Clues.Core.Model;

namespace Clues.Core.Persistence;

/// <summary>
/// The daemon-side fields of a node as last saved in <c>node_state</c>: what a restarted host needs to keep its
/// decisions (a POW_ON node keeps its MAX_WAIT_POWERON deadline, an IDLE node its idle-since time, the failure
/// counters their RETRIES_* budget).
/// </summary>
/// <param name="Name">The node.</param>
/// <param name="State">Its state.</param>
/// <param name="TimestampState">When that state began.</param>
/// <param name="TimestampPoweredOn">When it last came on.</param>
/// <param name="TimestampPoweredOff">When it last went off.</param>
/// <param name="PowerOnFailures">Consecutive failed power-ons.</param>
/// <param name="PowerOffFailures">Consecutive failed power-offs.</param>
public sealed record StoredNodeState(string Name, NodeState State, double TimestampState, double TimestampPoweredOn,
    double TimestampPoweredOff, int PowerOnFailures, int PowerOffFailures);
