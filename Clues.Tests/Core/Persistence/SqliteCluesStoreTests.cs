using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// The SQLite store: round trips of the resume tables, CLUES' tables left as they were, and when changes become
/// visible to another reader (each one at once for the daemon, in batches for a simulation).
/// </summary>
[TestFixture]
public sealed class SqliteCluesStoreTests
{
    private string _path = null!;

    [SetUp]
    public void SetUp() => _path = Path.Combine(Directory.CreateTempSubdirectory("clues-store-").FullName, "clues.db");

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Test]
    public void SaveNodeStates_Reopened_LoadsLatestRowPerNode()
    {
        using (var store = new SqliteCluesStore(_path))
        {
            store.SaveNodeStates([new StoredNodeState("wn1", NodeState.PowOn, 10.5, 1, 2, 0, 0), new StoredNodeState("wn2", NodeState.Idle, 3, 3, 0, 0, 0)]);
            store.SaveNodeStates([new StoredNodeState("wn1", NodeState.OffErr, 311.25, 1, 2, 2, 1)]);
        }

        using var reopened = new SqliteCluesStore(_path);
        var states = reopened.LoadNodeStates();

        Assert.That(states["wn1"], Is.EqualTo(new StoredNodeState("wn1", NodeState.OffErr, 311.25, 1, 2, 2, 1)));
        Assert.That(states["wn2"].State, Is.EqualTo(NodeState.Idle));
        Assert.That(states, Has.Count.EqualTo(2));
    }

    [Test]
    public void SaveQueue_UpsertAndDelete_LoadsQueueInIdOrderWithBookings()
    {
        var resources = new Resources(1.5, 2048, ["hostname==\"wn1\"", ""], 2, 1);
        using (var store = new SqliteCluesStore(_path))
        {
            store.SaveQueue([
                new QueuedRequest(7, resources, RequestState.Attended, 1, 2, 2, 1, null, [], ["wn1", "wn1"], 2),
                new QueuedRequest(3, resources, RequestState.Pending, 0.5, 0.5, 0, 0, "job-9", ["a", "b"], [], 0),
                new QueuedRequest(9, resources, RequestState.Blocked, 4, 4, 0, 0, null, [], [], 0),
            ], []);
            store.SaveQueue([new QueuedRequest(3, resources, RequestState.Blocked, 0.5, 6, 0, 0, "job-9", ["a", "b"], [], 0)], [9]);
        }

        using var reopened = new SqliteCluesStore(_path);
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
    public void Open_NewFile_KeepsCluesTablesUnchanged()
    {
        using (new SqliteCluesStore(_path))
        {
        }
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new Dictionary<string, string>();
        while (reader.Read())
        {
            tables[reader.GetString(0)] = reader.GetString(1);
        }

        Assert.That(tables.Keys, Is.EquivalentTo(new[] { "hostdata", "host_monitoring", "requests", "node_state", "request_queue" }));
        Assert.That(tables["hostdata"], Does.Contain("name varchar(128) PRIMARY KEY, enabled bool"));
        Assert.That(tables["requests"], Does.Contain("reqid varchar, timestamp_created INTEGER"));
    }

    [Test]
    public void Durable_EveryChange_IsCommittedWhenMade()
    {
        using var store = new SqliteCluesStore(_path);

        store.StoreNode(new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default), 5);
        Assert.That(CountFromAnotherConnection("host_monitoring"), Is.EqualTo(1));
        Assert.That(CountFromAnotherConnection("hostdata"), Is.EqualTo(1));

        store.SaveNodeStates([new StoredNodeState("wn1", NodeState.Idle, 5, 0, 0, 0, 0)]);
        Assert.That(CountFromAnotherConnection("node_state"), Is.EqualTo(1));

        var request = new Request(1, new Resources(1, 512, [""], 1, 1), 7);
        store.StoreRequest(request);
        Assert.That(CountFromAnotherConnection("requests"), Is.EqualTo(1));
    }

    [Test]
    public void Batched_Changes_AreCommittedByFlushAndDispose()
    {
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default);
        using (var store = new SqliteCluesStore(_path, StoreWriteMode.Batched))
        {
            store.StoreNode(node, 5);
            store.SaveNodeStates([new StoredNodeState("wn1", NodeState.Idle, 5, 0, 0, 0, 0)]);
            Assert.That(CountFromAnotherConnection("host_monitoring"), Is.Zero);
            Assert.That(store.LatestNodes().Keys, Is.EqualTo(new[] { "wn1" }), "the store reads its own batch");

            store.Flush();
            Assert.That(CountFromAnotherConnection("host_monitoring"), Is.EqualTo(1));
            Assert.That(CountFromAnotherConnection("node_state"), Is.EqualTo(1));

            store.StoreNode(node, 10);
            Assert.That(CountFromAnotherConnection("host_monitoring"), Is.EqualTo(1));
        }
        Assert.That(CountFromAnotherConnection("host_monitoring"), Is.EqualTo(2));
    }

    [Test]
    public void Batched_ABatchFull_IsCommittedWithoutFlush()
    {
        using var store = new SqliteCluesStore(_path, StoreWriteMode.Batched);
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 5, NodeRules.Default);

        // The first write also registers the host in hostdata: one row more in the first batch.
        for (var i = 0; i < SqliteCluesStore.BatchWrites - 1; i++)
        {
            store.StoreNode(node, i);
        }

        Assert.That(CountFromAnotherConnection("host_monitoring"), Is.EqualTo(SqliteCluesStore.BatchWrites - 1));
    }

    private long CountFromAnotherConnection(string table)
    {
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
