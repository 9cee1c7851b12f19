using System.Text.Json.Serialization;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Core.Persistence;

/// <summary>
/// One write of the daemon to its store, as data: what <see cref="ResilientCluesStore"/> keeps while the database is
/// away, and what a <see cref="PendingWriteSpool"/> saves at stop (one JSON object per line, named by the table it
/// writes). Each holds the values as they were when the write was made.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "table")]
[JsonDerivedType(typeof(HostEnabledWrite), "hostdata")]
[JsonDerivedType(typeof(NodeRowWrite), "host_monitoring")]
[JsonDerivedType(typeof(RequestRowWrite), "requests")]
[JsonDerivedType(typeof(NodeStatesWrite), "node_state")]
[JsonDerivedType(typeof(QueueWrite), "request_queue")]
internal abstract record StoreWrite
{
    /// <summary>Whether it may be given up when too many writes wait (a monitoring row; never a request or a state).</summary>
    [JsonIgnore]
    public virtual bool Droppable => false;

    /// <summary>Makes the write.</summary>
    public abstract void Apply(ICluesStore store);
}

/// <summary><see cref="ICluesStore.SetHostEnabled"/>.</summary>
internal sealed record HostEnabledWrite(string Name, bool Enabled) : StoreWrite
{
    public override void Apply(ICluesStore store) => store.SetHostEnabled(Name, Enabled);
}

/// <summary><see cref="ICluesStore.StoreNode"/>: the <c>host_monitoring</c> row.</summary>
internal sealed record NodeRowWrite(StoredNode Row) : StoreWrite
{
    public override bool Droppable => true;

    public static NodeRowWrite Of(Node node, double now) =>
        new(new StoredNode(node.Name, node.TimestampState, node.SlotsCount, node.SlotsFree, node.MemoryTotal, node.MemoryFree, (int)node.State, now));

    // A node with the row's values: the store writes a row from exactly these.
    public override void Apply(ICluesStore store) =>
        store.StoreNode(new Node(new NodeInfo(Row.Name, Row.SlotsCount, Row.SlotsFree, Row.MemoryTotal, Row.MemoryFree, state: (NodeState)Row.State),
            Row.TimestampState, NodeRules.Default), Row.Timestamp);
}

/// <summary><see cref="ICluesStore.StoreRequest"/> or, when <paramref name="Update"/>, <see cref="ICluesStore.UpdateRequest"/>.</summary>
internal sealed record RequestRowWrite(bool Update, long Id, Resources Resources, double TimestampCreated, string? JobId,
    IReadOnlyList<string> JobNodeIds, RequestState State, double TimestampState) : StoreWrite
{
    public static RequestRowWrite Of(Request request, bool update) =>
        new(update, request.Id, request.Resources, request.TimestampCreated, request.JobId, request.JobNodeIds.ToList(), request.State, request.TimestampState);

    public override void Apply(ICluesStore store)
    {
        var request = new Request(Id, Resources, TimestampCreated, JobId, JobNodeIds) { State = State, TimestampState = TimestampState };
        if (Update)
        {
            store.UpdateRequest(request);
        }
        else
        {
            store.StoreRequest(request);
        }
    }
}

/// <summary><see cref="ICluesStore.SaveNodeStates"/>.</summary>
internal sealed record NodeStatesWrite(IReadOnlyList<StoredNodeState> Nodes) : StoreWrite
{
    public override void Apply(ICluesStore store) => store.SaveNodeStates(Nodes);
}

/// <summary><see cref="ICluesStore.SaveQueue"/>.</summary>
internal sealed record QueueWrite(IReadOnlyList<QueuedRequest> Changed, IReadOnlyList<long> Removed) : StoreWrite
{
    public override void Apply(ICluesStore store) => store.SaveQueue(Changed, Removed);
}
