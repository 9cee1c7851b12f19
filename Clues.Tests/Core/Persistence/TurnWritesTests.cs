using Clues.Core.HighAvailability;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// The daemon's writes per turn of its loop, on every database: one transaction per turn, committed before the turn
/// ends and before an API answer leaves; and, in an active/standby pair, committed only under this process's term of
/// the lease (a holder that lost it writes nothing and steps down).
/// </summary>
[TestFixture(StoreDatabase.Sqlite)]
[TestFixture(StoreDatabase.MariaDb, Category = StoreDatabase.MariaDb)]
[NonParallelizable]
public sealed class TurnWritesTests(string provider)
{
    private const double Term = 15;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private StoreDatabase _databases = null!;
    private string _url = null!;
    private FakeTimeProvider _time = null!;
    private readonly List<IDisposable> _disposables = [];

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
    public async Task SetUpAsync()
    {
        _url = await _databases.NewAsync(CancellationToken.None);
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    }

    [TearDown]
    public void TearDown()
    {
        _disposables.ForEach(d => d.Dispose());
        _disposables.Clear();
    }

    [Test]
    public async Task Turn_Writes_AreCommittedTogetherAtItsEnd()
    {
        using var store = StoreDatabase.Open(_url);

        store.BeginWrites();
        for (var i = 0; i < 3; i++)
        {
            store.StoreNode(NodeNamed($"wn{i}"), 5);
        }
        store.SaveNodeStates([new StoredNodeState("wn0", NodeState.Idle, 5, 0, 0, 0, 0)]);
        store.SaveQueue([new QueuedRequest(1, new Resources(1, 512, [""], 1, 1), RequestState.Pending, 5, 5, 0, 0, null, [], [], 0)], []);

        Assert.That(await CountAsync("host_monitoring"), Is.Zero, "nothing is visible before the turn ends");
        Assert.That(await CountAsync("node_state"), Is.Zero);
        Assert.That(store.LatestNodes().Keys, Is.EquivalentTo(new[] { "wn0", "wn1", "wn2" }), "the store reads its own turn");

        store.CommitWrites();

        Assert.That(await CountAsync("host_monitoring"), Is.EqualTo(3));
        Assert.That(await CountAsync("hostdata"), Is.EqualTo(3));
        Assert.That(await CountAsync("node_state"), Is.EqualTo(1));
        Assert.That(await CountAsync("request_queue"), Is.EqualTo(1));

        store.StoreNode(NodeNamed("wn0"), 6);
        Assert.That(await CountAsync("host_monitoring"), Is.EqualTo(4), "outside a turn a write is committed when made");
    }

    [Test]
    public async Task RequestCreate_TheAnswerLeavesOnlyOnceItsRowsAreCommitted()
    {
        using var store = StoreDatabase.Open(_url);
        var harness = DaemonHarness.Create(store, new ScriptedLrms(), new RecordingPowerManager(), 0);
        await using var _ = harness;
        var loop = harness.Daemon.Loop;
        using var held = new HeldCommits(store);
        loop.Writes = held;

        // As DaemonControl.CreateRequestAsync (request_create) asks the loop.
        var answer = loop.InvokeAsync(_ => ValueTask.FromResult(harness.Daemon.CreateRequest(new Resources(1, 512, [""], 1, 1), "job-1", []).Id));
        var running = Task.Run(() => loop.RunAsync(CancellationToken.None));
        try
        {
            Assert.That(await held.Committed.WaitAsync(Bound), Is.True, "the loop commits");
            Assert.That(answer.IsCompleted, Is.False, "no answer before the commit of what it reports");
            Assert.That(await CountAsync("requests"), Is.EqualTo(1), "the request row is committed");
            Assert.That(await CountAsync("request_queue"), Is.EqualTo(1), "and its queue entry");
        }
        finally
        {
            held.Release.Set();
        }
        Assert.That(await answer.WaitAsync(Bound), Is.EqualTo(1));
        await running.WaitAsync(Bound);
    }

    [Test]
    public async Task Fence_TheHolderOfTheLease_CommitsItsTurn()
    {
        var (a, _) = Pair();
        using var fenced = FencedStore(a);
        a.Tick();

        fenced.BeginWrites();
        fenced.StoreNode(NodeNamed("wn1"), 5);
        fenced.CommitWrites();

        Assert.That(await CountAsync("host_monitoring"), Is.EqualTo(1));
        Assert.That(a.IsActive, Is.True);
    }

    [Test]
    public async Task Fence_AHolderThatLostTheLease_WritesNothing_AndStepsDown()
    {
        var (a, b) = Pair();
        using var fenced = FencedStore(a);
        a.Tick();
        fenced.StoreNode(NodeNamed("wn1"), 5);
        var rows = await RowsAsync();

        // a is paused past its term; b takes over; a comes back and finishes its pass.
        _time.Advance(TimeSpan.FromSeconds(Term + 1));
        b.Tick();
        Assert.That(b.IsActive, Is.True);
        fenced.BeginWrites();
        fenced.StoreNode(NodeNamed("wn1"), 20);
        fenced.StoreNode(NodeNamed("wn2"), 20);
        fenced.SaveNodeStates([new StoredNodeState("wn1", NodeState.PowOff, 20, 0, 0, 0, 0)]);

        var refused = Assert.Throws<WritesFencedException>(fenced.CommitWrites);
        Assert.That(refused!.Message, Does.Contain("epoch 2"));
        Assert.That(await RowsAsync(), Is.EqualTo(rows), "not one row of the turn");
        Assert.That(a.IsActive, Is.False, "a stepped down");
        Assert.That(a.Term.IsCancellationRequested, Is.True, "its loop stops");

        Assert.Throws<WritesFencedException>(() => fenced.StoreNode(NodeNamed("wn3"), 21));
        Assert.That(await RowsAsync(), Is.EqualTo(rows), "nor any write after stepping down");
    }

    [Test]
    public async Task Fence_ThroughTheResilientStore_DropsTheLostTermsWrites_AndStepsDown()
    {
        var (a, b) = Pair();
        var logger = new RecordingLogger<ResilientCluesStore>();
        using var store = new ResilientCluesStore(FencedStore(a), _time, logger);
        a.Tick();
        store.BeginWrites();
        store.StoreNode(NodeNamed("wn1"), 5);
        store.CommitWrites();
        var rows = await RowsAsync();

        _time.Advance(TimeSpan.FromSeconds(Term + 1));
        b.Tick();
        store.BeginWrites();
        store.StoreNode(NodeNamed("wn1"), 20);
        store.SaveNodeStates([new StoredNodeState("wn1", NodeState.PowOff, 20, 0, 0, 0, 0)]);
        store.CommitWrites();

        Assert.That(await RowsAsync(), Is.EqualTo(rows));
        Assert.That(store.PendingWrites, Is.Zero, "nothing is kept to be written later");
        Assert.That(a.IsActive, Is.False);
        Assert.That(logger.Entries.Single(e => e.EventId.Id == 1705).Message, Does.Contain("dropping 2 writes"));
    }

    [Test]
    public async Task NoFence_ALeaseHeldByAnother_ChangesNothing()
    {
        var (_, b) = Pair();
        b.Tick();
        using var store = StoreDatabase.Open(_url);

        store.BeginWrites();
        store.StoreNode(NodeNamed("wn1"), 5);
        store.CommitWrites();

        Assert.That(await CountAsync("host_monitoring"), Is.EqualTo(1), "with HA off the lease is not read");
    }

    private (LeaderElection A, LeaderElection B) Pair() => (Process("a"), Process("b"));

    private LeaderElection Process(string name)
    {
        var lease = SqlLeaseStore.For(_url, TimeSpan.FromSeconds(5));
        _disposables.Add(lease);
        return new LeaderElection(lease, new HighAvailabilityOptions { Enabled = true, TakeoverSeconds = Term }, name,
            new Uri($"http://{name}:8000/"), _time, NullLogger<LeaderElection>.Instance);
    }

    private SqlCluesStore FencedStore(LeaderElection election) =>
        new(Clues.Core.Persistence.Sql.SqlDialect.For(DatabaseConnectionString.Parse(_url)), StoreWriteMode.Durable, new LeaseWriteFence(election));

    private static Node NodeNamed(string name) => new(new NodeInfo(name, 2, 2, 1024, 1024, state: NodeState.Idle), 0, NodeRules.Default);

    private Task<long> CountAsync(string table) => _databases.CountAsync(_url, table, CancellationToken.None);

    private async Task<List<string>> RowsAsync()
    {
        var rows = new List<string>();
        foreach (var (table, order) in StoreDatabase.Tables)
        {
            rows.AddRange((await _databases.ComparableRowsAsync(_url, table, order, CancellationToken.None)).Select(r => table + ": " + r));
        }
        return rows;
    }

    /// <summary>Holds the loop after each commit until released, so the test sees what was committed and what was answered then.</summary>
    private sealed class HeldCommits(ITransactionalStore inner) : ITransactionalStore, IDisposable
    {
        public SemaphoreSlim Committed { get; } = new(0);

        public ManualResetEventSlim Release { get; } = new();

        public void BeginWrites() => inner.BeginWrites();

        public void CommitWrites()
        {
            inner.CommitWrites();
            Committed.Release();
            Release.Wait(Bound);
        }

        public void Dispose()
        {
            Committed.Dispose();
            Release.Dispose();
        }
    }
}
