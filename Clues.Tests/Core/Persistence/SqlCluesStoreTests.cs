using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// The store on every database it supports: round trips of the resume tables, CLUES' tables, and when changes
/// become visible to another reader (each one at once for the daemon, in batches for a simulation).
/// </summary>
[TestFixture(StoreDatabase.Sqlite)]
[TestFixture(StoreDatabase.MariaDb, Category = StoreDatabase.MariaDb)]
[NonParallelizable]
public sealed class SqlCluesStoreTests(string provider)
{
    private StoreDatabase _databases = null!;
    private string _connectionString = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _databases = await StoreDatabase.StartAsync(provider, CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_databases is not null)
        {
            await _databases.DisposeAsync();
        }
    }

    [SetUp]
    public async Task SetUpAsync() => _connectionString = await _databases.NewAsync(CancellationToken.None);

    [Test]
    public void SaveNodeStates_Reopened_LoadsLatestRowPerNode()
    {
        using (var store = StoreDatabase.Open(_connectionString))
        {
            store.SaveNodeStates([new StoredNodeState("wn1", NodeState.PowOn, 10.5, 1, 2, 0, 0), new StoredNodeState("wn2", NodeState.Idle, 3, 3, 0, 0, 0)]);
            store.SaveNodeStates([new StoredNodeState("wn1", NodeState.OffErr, 311.25, 1, 2, 2, 1)]);
        }

        using var reopened = StoreDatabase.Open(_connectionString);
        var states = reopened.LoadNodeStates();

        Assert.That(states["wn1"], Is.EqualTo(new StoredNodeState("wn1", NodeState.OffErr, 311.25, 1, 2, 2, 1)));
        Assert.That(states["wn2"].State, Is.EqualTo(NodeState.Idle));
        Assert.That(states, Has.Count.EqualTo(2));
    }

    [Test]
    public void SaveQueue_UpsertAndDelete_LoadsQueueInIdOrderWithBookings()
    {
        var resources = new Resources(1.5, 2048, ["hostname==\"wn1\"", ""], 2, 1);
        using (var store = StoreDatabase.Open(_connectionString))
        {
            store.SaveQueue([
                new QueuedRequest(7, resources, RequestState.Attended, 1, 2, 2, 1, null, [], ["wn1", "wn1"], 2),
                new QueuedRequest(3, resources, RequestState.Pending, 0.5, 0.5, 0, 0, "job-9", ["a", "b"], [], 0),
                new QueuedRequest(9, resources, RequestState.Blocked, 4, 4, 0, 0, null, [], [], 0),
            ], []);
            store.SaveQueue([new QueuedRequest(3, resources, RequestState.Blocked, 0.5, 6, 0, 0, "job-9", ["a", "b"], [], 0)], [9]);
        }

        using var reopened = StoreDatabase.Open(_connectionString);
        var queue = reopened.LoadQueue();

        Assert.That(queue.Select(q => (q.Id, q.State)), Is.EqualTo(new[] { (3L, RequestState.Blocked), (7L, RequestState.Attended) }));
        Assert.That(queue[0].JobId, Is.EqualTo("job-9"));
        Assert.That(queue[0].JobNodeIds, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(queue[1].BookedNodes, Is.EqualTo(new[] { "wn1", "wn1" }));
        Assert.That(queue[1].JobId, Is.Null);
        Assert.That(queue[1].Resources, Is.EqualTo(resources).Using<Resources>((a, b) =>
            a.Slots == b.Slots && a.Memory == b.Memory && a.Expressions.SequenceEqual(b.Expressions) && a.TaskCount == b.TaskCount && a.MaxTasksPerNode == b.MaxTasksPerNode));
        Assert.That(reopened.MaxRequestId(), Is.EqualTo(7));
    }

    [Test]
    public void CluesTables_Reopened_KeepHostsNodesAndRequests()
    {
        var node = new Node(new NodeInfo("wn1", 2, 1.5, 1024, 512, state: NodeState.Used), 5, NodeRules.Default);
        var request = new Request(12, new Resources(1.5, 512, ["hostname==\"wn1\""], 2, 1), 7);
        using (var store = StoreDatabase.Open(_connectionString))
        {
            store.StoreNode(node, 5.25);
            store.SetHostEnabled("wn2", false);
            store.StoreRequest(request);
            request.SetState(RequestState.Served, 9.75);
            store.UpdateRequest(request);
        }

        using var reopened = StoreDatabase.Open(_connectionString);

        Assert.That(reopened.LoadHosts(), Is.EquivalentTo(new[] { ("wn1", true), ("wn2", false) }));
        Assert.That(reopened.LatestNodes()["wn1"], Is.EqualTo(new StoredNode("wn1", 5, 2, 1.5, 1024, 512, (int)NodeState.Used, 5.25)));
        Assert.That(reopened.MaxRequestId(), Is.EqualTo(12));
    }

    [Test]
    public async Task StoreNode_ANewHost_IsRegisteredEnabledOnceAsCluesWritesIt()
    {
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default);
        using (var store = StoreDatabase.Open(_connectionString))
        {
            store.StoreNode(node, 5);
            store.StoreNode(node, 6);
        }

        var hosts = await _databases.RowsAsync(_connectionString, "hostdata", "name", CancellationToken.None);
        Assert.That(hosts.Select(h => (h[0], h[1])), Is.EqualTo(new[] { ((object?)"wn1", (object?)"True") }));
    }

    [Test]
    public async Task Durable_EveryChange_IsCommittedWhenMade()
    {
        using var store = StoreDatabase.Open(_connectionString);

        store.StoreNode(new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default), 5);
        Assert.That(await CountFromAnotherConnectionAsync("host_monitoring"), Is.EqualTo(1));
        Assert.That(await CountFromAnotherConnectionAsync("hostdata"), Is.EqualTo(1));

        store.SaveNodeStates([new StoredNodeState("wn1", NodeState.Idle, 5, 0, 0, 0, 0)]);
        Assert.That(await CountFromAnotherConnectionAsync("node_state"), Is.EqualTo(1));

        var request = new Request(1, new Resources(1, 512, [""], 1, 1), 7);
        store.StoreRequest(request);
        Assert.That(await CountFromAnotherConnectionAsync("requests"), Is.EqualTo(1));
    }

    [Test]
    public async Task Batched_Changes_AreCommittedByFlushAndDispose()
    {
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default);
        using (var store = StoreDatabase.Open(_connectionString, StoreWriteMode.Batched))
        {
            store.StoreNode(node, 5);
            store.SaveNodeStates([new StoredNodeState("wn1", NodeState.Idle, 5, 0, 0, 0, 0)]);
            Assert.That(await CountFromAnotherConnectionAsync("host_monitoring"), Is.Zero);
            Assert.That(store.LatestNodes().Keys, Is.EqualTo(new[] { "wn1" }), "the store reads its own batch");

            store.Flush();
            Assert.That(await CountFromAnotherConnectionAsync("host_monitoring"), Is.EqualTo(1));
            Assert.That(await CountFromAnotherConnectionAsync("node_state"), Is.EqualTo(1));

            store.StoreNode(node, 10);
            Assert.That(await CountFromAnotherConnectionAsync("host_monitoring"), Is.EqualTo(1));
        }
        Assert.That(await CountFromAnotherConnectionAsync("host_monitoring"), Is.EqualTo(2));
    }

    [Test]
    public async Task Batched_ABatchFull_IsCommittedWithoutFlush()
    {
        using var store = StoreDatabase.Open(_connectionString, StoreWriteMode.Batched);
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default);

        // The first write also registers the host in hostdata: one row more in the first batch.
        for (var i = 0; i < SqlCluesStore.BatchWrites - 1; i++)
        {
            store.StoreNode(node, i);
        }

        Assert.That(await CountFromAnotherConnectionAsync("host_monitoring"), Is.EqualTo(SqlCluesStore.BatchWrites - 1));
    }

    private Task<long> CountFromAnotherConnectionAsync(string table) => _databases.CountAsync(_connectionString, table, CancellationToken.None);
}
