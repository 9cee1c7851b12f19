using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// Writes the database never received before the daemon stopped: saved to the spool (owner-only), re-applied in order
/// before anything else at the next start, so the rows equal a run whose database never went away; a spool that
/// cannot be read is an error naming the file and line, kept aside, never a crash.
/// </summary>
[TestFixture(StoreDatabase.Sqlite)]
[TestFixture(StoreDatabase.MariaDb, Category = StoreDatabase.MariaDb)]
[NonParallelizable]
public sealed class PendingWriteSpoolTests(string provider)
{
    private const double Away = 150;
    private const double End = 250;
    private StoreDatabase _databases = null!;
    private string _folder = null!;

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
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("clues-spool-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private string SpoolPath => Path.Combine(_folder, "state", "pending-writes.jsonl");

    [Test, CancelAfter(300_000)]
    public async Task DatabaseDownAtStop_LeavesTheSpool_TheNextStartAppliesIt_RowsEqualAnUninterruptedRun(CancellationToken ct)
    {
        var reference = await _databases.NewAsync(ct);
        using (var store = StoreDatabase.Open(reference))
        {
            await DatabaseOutageTests.RunScenarioAsync(store, _ => Task.CompletedTask, ct, End);
        }

        var url = await _databases.NewAsync(ct);
        var database = new SwitchableStore(StoreDatabase.Open(url));
        var logger = new RecordingLogger<ResilientCluesStore>();
        using (var resilient = new ResilientCluesStore(database, TimeProvider.System, logger, TimeSpan.Zero, new PendingWriteSpool(SpoolPath)))
        {
            await DatabaseOutageTests.RunScenarioAsync(resilient, async second =>
            {
                if (second == Away)
                {
                    await TakeAwayAsync(database);
                }
            }, ct, End);
            Assert.That(resilient.PendingWrites, Is.GreaterThan(0), "writes wait when the daemon stops");
        }

        Assert.That(File.Exists(SpoolPath), Is.True, "the writes are saved");
        if (OperatingSystem.IsLinux())
        {
            Assert.That(File.GetUnixFileMode(SpoolPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "owner-only");
        }
        Assert.That(logger.Entries.Single(e => e.EventId.Id == 1706).Message, Does.Contain(SpoolPath));
        await BringBackAsync(ct);
        Assert.That(await _databases.CountAsync(url, "requests", ct), Is.EqualTo(2), "the request made while the database was away is not in it yet");

        var next = new RecordingLogger<ResilientCluesStore>();
        using (var restarted = new ResilientCluesStore(StoreDatabase.Open(url), TimeProvider.System, next, TimeSpan.Zero, new PendingWriteSpool(SpoolPath)))
        {
            Assert.That(restarted.SpooledWritesReapplied, Is.GreaterThan(0), "re-applied when the store opens, before anything else");
            Assert.That(restarted.PendingWrites, Is.Zero);
            var metrics = new System.Text.StringBuilder();
            new Clues.Core.Daemon.DaemonMetrics { Database = restarted }.WritePrometheus(metrics);
            Assert.That(metrics.ToString(), Does.Contain($"clues_database_spooled_writes_reapplied_total {restarted.SpooledWritesReapplied}\n"));
        }
        Assert.That(next.Entries.Single(e => e.EventId.Id == 1709).Message, Does.Contain(SpoolPath));
        Assert.That(File.Exists(SpoolPath), Is.False, "the spool is done with");
        foreach (var (table, order) in StoreDatabase.Tables)
        {
            Assert.That(await _databases.ComparableRowsAsync(url, table, order, ct), Is.EqualTo(await _databases.ComparableRowsAsync(reference, table, order, ct)),
                $"table {table}");
        }
    }

    [Test]
    public async Task CorruptSpool_IsAnErrorNamingTheFileAndLine_KeptAside_NothingApplied()
    {
        var url = await _databases.NewAsync(CancellationToken.None);
        var spool = new PendingWriteSpool(SpoolPath);
        spool.Save([new HostEnabledWrite("wn1", false), new HostEnabledWrite("wn2", true)]);
        var lines = File.ReadAllLines(SpoolPath);
        File.WriteAllLines(SpoolPath, [lines[0], lines[1], "{\"table\":\"hostdata\",\"name\":", lines[2]]);
        var logger = new RecordingLogger<ResilientCluesStore>();

        using (var store = new ResilientCluesStore(StoreDatabase.Open(url), new FakeTimeProvider(), logger, spool: spool))
        {
            Assert.That(store.SpooledWritesReapplied, Is.Zero);
            Assert.That(store.Errors, Is.EqualTo(1), "counted as a database error");
        }

        var error = logger.Entries.Single(e => e.EventId.Id == 1710).Message;
        Assert.That(error, Does.Contain(SpoolPath + ", line 3"));
        Assert.That(File.Exists(SpoolPath), Is.False, "not read again at the next start");
        var aside = Directory.GetFiles(Path.GetDirectoryName(SpoolPath)!, "pending-writes.jsonl.unreadable-*");
        Assert.That(aside, Has.Length.EqualTo(1), "kept for the operator");
        Assert.That(error, Does.Contain(aside[0]));
        Assert.That(await _databases.CountAsync(url, "hostdata", CancellationToken.None), Is.Zero, "not even the lines before the bad one");
    }

    [TestCase(4, true, Description = "the term right after the one that wrote it")]
    [TestCase(5, false, Description = "another process acted in between")]
    public async Task ActiveStandby_TheSpoolIsAppliedOnlyByTheNextTerm(long epochNow, bool applied)
    {
        var url = await _databases.NewAsync(CancellationToken.None);
        new PendingWriteSpool(SpoolPath, new FixedTerm("a", 3)).Save([new HostEnabledWrite("wn1", false)]);
        var logger = new RecordingLogger<ResilientCluesStore>();

        using (new ResilientCluesStore(StoreDatabase.Open(url), new FakeTimeProvider(), logger, spool: new PendingWriteSpool(SpoolPath, new FixedTerm("b", epochNow))))
        {
        }

        Assert.That(await _databases.CountAsync(url, "hostdata", CancellationToken.None), Is.EqualTo(applied ? 1 : 0));
        Assert.That(File.Exists(SpoolPath), Is.False);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(SpoolPath)!, "pending-writes.jsonl.stale-*"), Has.Length.EqualTo(applied ? 0 : 1));
        Assert.That(logger.Entries.Count(e => e.EventId.Id == 1711), Is.EqualTo(applied ? 0 : 1), "a stale spool is an error in the log");
    }

    [Test]
    public void Spool_RoundTrip_KeepsEveryKindOfWriteAsMade()
    {
        var node = new Node(new Clues.Core.Model.NodeInfo("wn1", 2, 1.5, 1024, 512, state: Clues.Core.Model.NodeState.Used), 7.25, NodeRules.Default);
        var request = new Request(3, new Clues.Core.Model.Resources(1.5, 512, ["hostname==\"wn1\""], 2, 1), 5, "job-1", ["a"]);
        request.SetState(Clues.Core.Model.RequestState.Attended, 6);
        StoreWrite[] writes =
        [
            new HostEnabledWrite("wn1", false), NodeRowWrite.Of(node, 8), RequestRowWrite.Of(request, update: false), RequestRowWrite.Of(request, update: true),
            new NodeStatesWrite([new StoredNodeState("wn1", Clues.Core.Model.NodeState.PowOn, 1, 2, 3, 4, 5)]),
            new QueueWrite([new QueuedRequest(3, request.Resources, Clues.Core.Model.RequestState.Attended, 5, 6, 6, 1, "job-1", ["a"], ["wn1", "wn1"], 6)], [9]),
        ];
        var spool = new PendingWriteSpool(SpoolPath);

        spool.Save(writes);
        var (epoch, loaded) = spool.Load()!.Value;

        Assert.That(epoch, Is.Zero);
        Assert.That(loaded.Select(Describe), Is.EqualTo(writes.Select(Describe)));
    }

    // Records compare their lists by reference: compare what each write would do instead.
    private static string Describe(StoreWrite write) => write switch
    {
        NodeStatesWrite states => "node_state " + string.Join(";", states.Nodes),
        QueueWrite queue => $"request_queue {string.Join(";", queue.Changed.Select(q => q with { Resources = null!, JobNodeIds = [], BookedNodes = [] }))} " +
            $"{string.Join(",", queue.Changed.SelectMany(q => q.JobNodeIds.Concat(q.BookedNodes).Concat(q.Resources.Expressions)))} {string.Join(",", queue.Removed)} " +
            string.Join(";", queue.Changed.Select(q => (q.Resources.Slots, q.Resources.Memory, q.Resources.TaskCount, q.Resources.MaxTasksPerNode))),
        RequestRowWrite row => (row with { JobNodeIds = [], Resources = null! }) + string.Join(",", row.JobNodeIds) + string.Join(",", row.Resources.Expressions)
            + (row.Resources.Slots, row.Resources.Memory, row.Resources.TaskCount, row.Resources.MaxTasksPerNode),
        _ => write.ToString(),
    };

    private async Task TakeAwayAsync(SwitchableStore database)
    {
        if (_databases.Server is { } server)
        {
            await server.StopAsync();
        }
        else
        {
            // A SQLite file cannot be taken away from an open connection: the store in front of it fails instead.
            database.Down = true;
        }
    }

    private async Task BringBackAsync(CancellationToken ct)
    {
        if (_databases.Server is { } server)
        {
            await server.StartAgainAsync(ct);
        }
    }

    /// <summary>A process's term of the lease, as the election would give it.</summary>
    private sealed class FixedTerm(string holder, long epoch) : IWriteFence
    {
        (string Holder, long Epoch)? IWriteFence.Term => (holder, epoch);

        public long Epoch => epoch;

        public void Lost(string why) => throw new AssertionException("no transaction is fenced here: " + why);
    }

    /// <summary>The database store, failing as an unreachable database does while <see cref="Down"/>.</summary>
    private sealed class SwitchableStore(SqlCluesStore inner) : ICluesStore, ITransactionalStore
    {
        public bool Down { get; set; }

        public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => Use(inner.LoadHosts);
        public void SetHostEnabled(string name, bool enabled) => Use(() => inner.SetHostEnabled(name, enabled));
        public void StoreNode(Node node, double now) => Use(() => inner.StoreNode(node, now));
        public IReadOnlyDictionary<string, StoredNode> LatestNodes() => Use(inner.LatestNodes);
        public void StoreRequest(Request request) => Use(() => inner.StoreRequest(request));
        public void UpdateRequest(Request request) => Use(() => inner.UpdateRequest(request));
        public long MaxRequestId() => Use(inner.MaxRequestId);
        public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes) => Use(() => inner.SaveNodeStates(nodes));
        public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => Use(inner.LoadNodeStates);
        public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed) => Use(() => inner.SaveQueue(changed, removed));
        public IReadOnlyList<QueuedRequest> LoadQueue() => Use(inner.LoadQueue);
        public void BeginWrites() => inner.BeginWrites();
        public void CommitWrites() => Use(inner.CommitWrites);
        public void Dispose() => inner.Dispose();

        private void Use(Action action) => Use<object?>(() =>
        {
            action();
            return null;
        });

        private T Use<T>(Func<T> action) => Down ? throw new DatabaseException("the database file '/x/clues.db': disk gone") : action();
    }
}
