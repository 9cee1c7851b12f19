using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// Writes while the database is away: kept in order, re-applied once it answers (not before the retry interval),
/// with what was true when they were made; counted, logged once, and bounded.
/// </summary>
[TestFixture]
public sealed class ResilientCluesStoreTests
{
    private FakeTimeProvider _time = null!;
    private FlakyStore _database = null!;
    private RecordingLogger<ResilientCluesStore> _logger = null!;
    private ResilientCluesStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _database = new FlakyStore();
        _logger = new RecordingLogger<ResilientCluesStore>();
        _store = new ResilientCluesStore(_database, _time, _logger, TimeSpan.FromSeconds(10));
    }

    [Test]
    public void Outage_WritesKeptInOrder_ReappliedWhenBack()
    {
        _store.SetHostEnabled("wn1", true);
        _database.Down = true;
        _store.SetHostEnabled("wn2", false);
        _store.StoreRequest(new Request(1, new Resources(1, 512, [""], 1, 1), 5));
        _store.SetHostEnabled("wn3", true);

        Assert.That(_store.PendingWrites, Is.EqualTo(3));
        Assert.That(_store.IsAvailable, Is.False);
        _database.Down = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(_store.TryCatchUp(), Is.True);

        Assert.That(_database.Applied, Is.EqualTo(new[] { "host wn1 True", "host wn2 False", "request 1 Pending", "host wn3 True" }));
        Assert.That(_store.PendingWrites, Is.Zero);
        Assert.That(_store.Errors, Is.EqualTo(1));
        Assert.That(_logger.Entries.Count(e => e.EventId.Id == 1700), Is.EqualTo(1));
        Assert.That(_logger.Entries.Single(e => e.EventId.Id == 1700).Message, Does.Contain("server gone"));
        Assert.That(_logger.Entries.Single(e => e.EventId.Id == 1702).Message, Does.Contain("after 10 s: 3 waiting writes"));
    }

    [Test]
    public void Outage_BeforeTheRetryInterval_TheDatabaseIsNotAskedAgain()
    {
        _database.Down = true;
        _store.SetHostEnabled("wn1", true);
        var attempts = _database.Attempts;

        _time.Advance(TimeSpan.FromSeconds(9));
        _store.SetHostEnabled("wn2", true);
        Assert.That(_store.TryCatchUp(), Is.False);
        Assert.That(_database.Attempts, Is.EqualTo(attempts), "no attempt within the interval");

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_store.TryCatchUp(), Is.False);
        Assert.That(_database.Attempts, Is.EqualTo(attempts + 1), "one attempt per interval, stopping at the first failure");
        Assert.That(_store.Errors, Is.EqualTo(2));
        Assert.That(_logger.Entries.Count(e => e.EventId.Id == 1700), Is.EqualTo(1), "logged once per outage");
    }

    [Test]
    public void Outage_ARequestChangedAfterItsWrite_IsWrittenAsItWas()
    {
        _database.Down = true;
        var request = new Request(4, new Resources(1, 512, [""], 1, 1), 5);
        _store.StoreRequest(request);
        request.SetState(RequestState.Served, 9);
        _store.UpdateRequest(request);
        _database.Down = false;
        _time.Advance(TimeSpan.FromSeconds(10));

        _store.TryCatchUp();

        Assert.That(_database.Applied, Is.EqualTo(new[] { "request 4 Pending", "update 4 Served" }));
    }

    [Test]
    public void Outage_TooManyWrites_DropsOldestMonitoringRowsOnly()
    {
        _database.Down = true;
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Idle), 0, NodeRules.Default);
        _store.StoreRequest(new Request(1, new Resources(1, 512, [""], 1, 1), 0));
        for (var i = 0; i < ResilientCluesStore.MaxPendingWrites; i++)
        {
            _store.StoreNode(node, i);
        }

        Assert.That(_store.PendingWrites, Is.EqualTo(ResilientCluesStore.MaxPendingWrites));
        Assert.That(_store.DroppedWrites, Is.EqualTo(1));
        _database.Down = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        _store.TryCatchUp();
        Assert.That(_database.Applied[0], Is.EqualTo("request 1 Pending"), "the request is kept");
        Assert.That(_database.Applied[1], Is.EqualTo("node wn1 at 1"), "the oldest row (at 0) was dropped");
    }

    [Test]
    public void Dispose_DatabaseStillAway_SaysHowManyWritesAreLost()
    {
        _database.Down = true;
        _store.SetHostEnabled("wn1", true);

        _store.Dispose();

        Assert.That(_logger.Entries.Single(e => e.EventId.Id == 1704).Message, Does.Contain("1 writes"));
    }

    [Test]
    public void Turn_WritesReachTheDatabaseOnlyAtItsEnd_InOrder()
    {
        _store.BeginWrites();
        _store.SetHostEnabled("wn1", true);
        _store.StoreRequest(new Request(1, new Resources(1, 512, [""], 1, 1), 5));
        Assert.That(_database.Applied, Is.Empty, "kept until the turn ends");

        _store.CommitWrites();

        Assert.That(_database.Applied, Is.EqualTo(new[] { "host wn1 True", "request 1 Pending" }));
        Assert.That(_store.PendingWrites, Is.Zero);
    }

    [Test]
    public void Turn_DatabaseAway_TheWholeTurnWaits_ThenFollowsTheEarlierWaitingWrites()
    {
        _database.Down = true;
        _store.SetHostEnabled("wn0", true);
        _time.Advance(TimeSpan.FromSeconds(10));
        _store.BeginWrites();
        _store.SetHostEnabled("wn1", true);
        _store.SetHostEnabled("wn2", false);
        _store.CommitWrites();
        Assert.That(_store.PendingWrites, Is.EqualTo(3));
        Assert.That(_store.Errors, Is.EqualTo(2), "the turn tried once, at its end");

        _database.Down = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(_store.TryCatchUp(), Is.True);

        Assert.That(_database.Applied, Is.EqualTo(new[] { "host wn0 True", "host wn1 True", "host wn2 False" }));
    }

    /// <summary>A store that records what it was given and fails while <see cref="Down"/>.</summary>
    private sealed class FlakyStore : ICluesStore
    {
        public bool Down { get; set; }
        public int Attempts { get; private set; }
        public List<string> Applied { get; } = [];

        public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => [];
        public void SetHostEnabled(string name, bool enabled) => Apply($"host {name} {enabled}");
        public void StoreNode(Node node, double now) => Apply($"node {node.Name} at {now}");
        public IReadOnlyDictionary<string, StoredNode> LatestNodes() => new Dictionary<string, StoredNode>();
        public void StoreRequest(Request request) => Apply($"request {request.Id} {request.State}");
        public void UpdateRequest(Request request) => Apply($"update {request.Id} {request.State}");
        public long MaxRequestId() => 0;
        public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes) => Apply($"node states {nodes.Count}");
        public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => new Dictionary<string, StoredNodeState>();
        public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed) => Apply($"queue {changed.Count}/{removed.Count}");
        public IReadOnlyList<QueuedRequest> LoadQueue() => [];

        public void Dispose()
        {
        }

        private void Apply(string write)
        {
            Attempts++;
            if (Down)
            {
                throw new DatabaseException("the MariaDB/MySQL server at db:3306: server gone");
            }
            Applied.Add(write);
        }
    }
}
