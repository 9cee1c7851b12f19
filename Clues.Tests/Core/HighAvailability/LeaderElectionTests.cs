using Clues.Core.HighAvailability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Core.HighAvailability;

/// <summary>
/// The leader lease and the election on one database, as two <c>clues-host</c> processes share it (each with its own
/// connection), under a fake clock: taking, renewing, expiring, taking over with a higher epoch, and the fence of a
/// holder that lost it. Run on a SQLite file and on a private MariaDB server.
/// </summary>
public abstract class LeaderElectionContract
{
    /// <summary>The options of every process: HA_TAKEOVER_S at its default.</summary>
    protected static readonly HighAvailabilityOptions Options = new() { Enabled = true, TakeoverSeconds = 15 };

    /// <summary>The lease's term in seconds (two thirds of HA_TAKEOVER_S).</summary>
    protected static readonly double Term = Options.LeaseTerm.TotalSeconds;

    /// <summary>
    /// The slowest start-up of a new active one measured by <c>Clues.Benchmarks --takeover</c> (lease taken to the API
    /// serving as active, with the daemon resumed) on the 2-core test machine, with a margin.
    /// </summary>
    private const double MeasuredStartUpSeconds = 1.5;
    private FakeTimeProvider _time = null!;
    private readonly List<IDisposable> _stores = [];

    protected FakeTimeProvider Time => _time;

    /// <summary>A new connection's worth of lease store on the test's database.</summary>
    protected abstract SqlLeaseStore OpenStore();

    [SetUp]
    public virtual Task SetUpAsync()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        return Task.CompletedTask;
    }

    [TearDown]
    public virtual void TearDown()
    {
        _stores.ForEach(s => s.Dispose());
        _stores.Clear();
    }

    protected SqlLeaseStore Store()
    {
        var store = OpenStore();
        _stores.Add(store);
        return store;
    }

    protected void Track(IDisposable store) => _stores.Add(store);

    // Each process has its own connection to the file, as two processes would.
    protected LeaderElection Process(string name) =>
        new(Store(), Options, name, new Uri($"http://{name}:8000/"),
            _time, NullLogger<LeaderElection>.Instance);

    protected void AssertLease(LeaderLease? lease, string holder, string address, long epoch, string? because = null)
    {
        Assert.That(lease, Is.Not.Null, because);
        Assert.That((lease!.Holder, lease.Address, lease.Epoch), Is.EqualTo((holder, address, epoch)), because);
        Assert.That(lease.Expires, Is.EqualTo(Now + Term).Within(0.001), "expires one term after it was taken or renewed");
    }

    protected double Now => _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    [Test]
    public void FirstProcess_TakesTheVacantLease_WithEpochOne()
    {
        var a = Process("a");

        a.Tick();

        Assert.That(a.IsActive, Is.True);
        Assert.That(a.Activated.IsCompletedSuccessfully, Is.True);
        Assert.That(a.Epoch, Is.EqualTo(1));
        AssertLease(Store().Read(), "a", "http://a:8000/", 1);
    }

    [Test]
    public void Standby_DoesNotTakeALeaseThatIsRenewed()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();

        // Far longer than the term, but the active one renews every third of it.
        for (var i = 0; i < 12; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(Term / 3));
            a.Tick();
            b.Tick();
        }

        Assert.That((a.IsActive, b.IsActive), Is.EqualTo((true, false)));
        AssertLease(b.Lease, "a", "http://a:8000/", 1, "the standby sees who is active");
        Assert.That(b.Activated.IsCompleted, Is.False);
    }

    [Test]
    public void Standby_TakesOverOnlyOnceTheLeaseExpired_WithTheNextEpoch()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();

        _time.Advance(TimeSpan.FromSeconds(Term - 0.001)); // a died right after taking the lease
        b.Tick();
        Assert.That(b.IsActive, Is.False, "the lease has not expired yet");

        _time.Advance(TimeSpan.FromSeconds(0.002));
        b.Tick();

        Assert.That(b.IsActive, Is.True);
        Assert.That(b.Epoch, Is.EqualTo(2));
        AssertLease(b.Activated.Result, "b", "http://b:8000/", 2);
    }

    [Test]
    public void HolderThatLostTheLease_IsFenced_AndStepsDown()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();
        _time.Advance(TimeSpan.FromSeconds(Term + 1));
        b.Tick();

        var mayAct = a.MayAct("power on wn1");

        Assert.That(mayAct, Is.False, "a power command of the old epoch is refused");
        Assert.That(a.IsActive, Is.False);
        Assert.That(a.Term.IsCancellationRequested, Is.True, "its loop is stopped");
        Assert.That(b.MayAct("power on wn1"), Is.True, "the new holder acts");
        Assert.That(Store().Read()!.Epoch, Is.EqualTo(2), "the old holder changed nothing in the lease");
    }

    [Test]
    public void PausedHolder_ComingBackPastItsTerm_IssuesNothing_EvenWhenNobodyTookOver()
    {
        var a = Process("a");
        a.Tick();

        // SIGSTOP: no tick ran for longer than the term; then SIGCONT and the loop's first action.
        _time.Advance(TimeSpan.FromSeconds(Term + 0.5));
        var mayAct = a.MayAct("power on wn1");

        Assert.That(mayAct, Is.False);
        Assert.That(a.Term.IsCancellationRequested, Is.True);
        var b = Process("b");
        b.Tick();
        Assert.That((b.IsActive, b.Epoch), Is.EqualTo((true, 2L)), "the lease it let expire is taken by the next process");
    }

    [Test]
    public void PausedHolder_TakenOver_RenewalStepsItDown_AndItNeverComesBack()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();
        _time.Advance(TimeSpan.FromSeconds(Term + 1));
        b.Tick();

        a.Tick(); // its renewal timer fires first
        _time.Advance(TimeSpan.FromSeconds(Term * 3)); // even if b then dies
        a.Tick();

        Assert.That(a.IsActive, Is.False);
        Assert.That(a.MayAct("hook POWEREDON"), Is.False, "a process that stepped down restarts as a standby, with a new id");
        Assert.That(Store().Read()!.Holder, Is.EqualTo("b"));
    }

    [Test]
    public void Takeover_ByTheSlowestLook_LeavesTheMeasuredStartUpWithinHaTakeoverS()
    {
        // Each active one dies right after a renewal (its lease then lasts longest); the next standby's looks fall
        // at a different phase against that death each time, down to one just before the expiry.
        var active = Process("p0");
        active.Tick();
        var look = Options.LookPeriod.TotalSeconds;
        var slowest = 0.0;
        for (var i = 1; i <= 10; i++)
        {
            Time.Advance(Options.RenewPeriod);
            active.Tick();
            Assert.That(active.IsActive, Is.True, "renewed on its period");
            var killed = Now;
            var standby = Process($"p{i}");
            Time.Advance(TimeSpan.FromSeconds(look * i / 10));
            for (var looks = 0; !standby.IsActive; looks++)
            {
                Assert.That(looks, Is.LessThan(Term / look + 2), "the lease of a dead process expires");
                standby.Tick();
                if (!standby.IsActive)
                {
                    Time.Advance(Options.LookPeriod);
                }
            }
            slowest = Math.Max(slowest, Now - killed);
            active = standby;
        }

        Assert.That(slowest, Is.GreaterThan(Term), "a standby cannot take a lease before its term ends");
        Assert.That(slowest + MeasuredStartUpSeconds, Is.LessThanOrEqualTo(Options.TakeoverSeconds),
            "the term plus one look plus the new active one's start-up must fit in HA_TAKEOVER_S");
    }

    [Test]
    public void Fence_RenewsTheLease()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();

        // No renewal tick for most of the term, but the power commands renew it.
        _time.Advance(TimeSpan.FromSeconds(Term - 1));
        Assert.That(a.MayAct("power off wn2"), Is.True);
        _time.Advance(TimeSpan.FromSeconds(Term - 1));
        b.Tick();

        Assert.That((a.IsActive, b.IsActive), Is.EqualTo((true, false)));
    }

    [Test]
    public void Standby_MayNeverAct()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();
        b.Tick();

        Assert.That(b.MayAct("power on wn1"), Is.False);
        Assert.That(a.IsActive, Is.True, "a standby's refusal does not touch the lease");
    }

    [Test]
    public void Release_LetsAStandbyTakeOverAtOnce_KeepingTheEpochsGrowing()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();

        a.Release();
        b.Tick();

        Assert.That((b.IsActive, b.Epoch), Is.EqualTo((true, 2L)));
        Assert.That(a.MayAct("power on wn1"), Is.False);
    }

    [Test]
    public void ProcessesRacingForAnExpiredLease_ExactlyOneWins()
    {
        var first = Process("a");
        first.Tick();
        _time.Advance(TimeSpan.FromSeconds(Term + 1));
        var racers = Enumerable.Range(0, 6).Select(i => Process($"r{i}")).ToList();

        Parallel.ForEach(racers, r => r.Tick());

        Assert.That(racers.Count(r => r.IsActive), Is.EqualTo(1));
        var winner = racers.Single(r => r.IsActive);
        AssertLease(Store().Read(), winner.Holder, winner.Address.ToString(), 2);
    }

    [Test]
    public void Status_DescribesTheActiveOne_FromAStandby()
    {
        var a = Process("a");
        var b = Process("b");
        a.Tick();
        b.Tick();

        var seen = new HighAvailabilityStatus(false, b.Holder, b.Address, b.Lease, Now);
        var vacant = new HighAvailabilityStatus(false, b.Holder, b.Address, b.Lease, Now + Term + 1);

        Assert.That(seen.Describe(), Is.EqualTo("high availability: a at http://a:8000/ is the active clues-host (epoch 1); b is a standby"));
        Assert.That(vacant.Describe(), Is.EqualTo("high availability: no clues-host is active; b is a standby"));
    }
}

/// <summary>The lease on a SQLite file, as two processes on one machine share it.</summary>
[TestFixture]
public sealed class SqliteLeaderElectionTests : LeaderElectionContract
{
    private string Folder { get; set; } = "";

    public override Task SetUpAsync()
    {
        Folder = Directory.CreateTempSubdirectory("clues-lease-").FullName;
        return base.SetUpAsync();
    }

    public override void TearDown()
    {
        base.TearDown();
        Directory.Delete(Folder, recursive: true);
    }

    protected override SqlLeaseStore OpenStore() => SqlLeaseStore.ForSqlite(Path.Combine(Folder, "clues.db"), TimeSpan.FromSeconds(5));

    // A process whose connection to the file can be cut: from then on it cannot reach the database, the others can.
    private (LeaderElection Process, Action Cut) ProcessThatCanBeCutOff(string name)
    {
        var file = Path.Combine(Folder, "clues.db");
        var cut = false;
        var store = new SqlLeaseStore(() =>
        {
            var connection = new Microsoft.Data.Sqlite.SqliteConnection(cut
                ? $"Data Source={Path.Combine(Folder, "missing", "x.db")};Mode=ReadWrite"
                : $"Data Source={file};Pooling=False");
            connection.Open();
            return connection;
        });
        Track(store);
        var process = new LeaderElection(store, Options, name, new Uri($"http://{name}:8000/"), Time, NullLogger<LeaderElection>.Instance);
        return (process, () =>
        {
            cut = true;
            store.Dispose();
        });
    }

    [Test]
    public void UnreachableDatabase_ActiveKeepsActingUntilItsDeadline_ThenStepsDown()
    {
        var (a, cut) = ProcessThatCanBeCutOff("a");
        a.Tick();
        cut(); // the next call reconnects, and cannot

        Time.Advance(TimeSpan.FromSeconds(Term - 1));
        Assert.That(a.MayAct("power on wn1"), Is.True, "no one can have taken over before its term ends");
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(a.MayAct("power on wn1"), Is.False, "past its term nobody can tell");
        Assert.That(a.Term.IsCancellationRequested, Is.True);
    }

    [Test]
    public void Partitioned_ActiveStopsActingOnItsOwnClock_NoLaterThanAStandbyCanTakeItsLease()
    {
        var (a, cut) = ProcessThatCanBeCutOff("a");
        var b = Process("b");
        a.Tick();
        Time.Advance(Options.RenewPeriod);
        a.Tick(); // its last renewal: then only a can no longer reach the database
        cut();

        // A power command of a at every instant, and a look of b at every instant.
        double? aStopped = null;
        double? bTook = null;
        var bothActing = new List<double>();
        for (var step = 0; step < (Term + 1) * 20; step++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(50));
            var aActs = a.MayAct("power on wn1");
            b.Tick();
            aStopped ??= aActs ? null : Now;
            bTook ??= b.IsActive ? Now : null;
            if (aActs && b.IsActive)
            {
                bothActing.Add(Now);
            }
        }

        Assert.That(bothActing, Is.Empty, "two processes may act at these instants");
        Assert.That(bTook, Is.Not.Null, "the standby took the lease once its term ended");
        Assert.That(aStopped, Is.Not.Null.And.LessThanOrEqualTo(bTook!.Value), "the cut-off active one stopped first, on its own clock");
        Assert.That(a.Term.IsCancellationRequested, Is.True);
    }
}

/// <summary>The lease on a private MariaDB server, as processes on several machines share it (<c>mysql://</c>).</summary>
[TestFixture, Category(Persistence.StoreDatabase.MariaDb), NonParallelizable]
public sealed class MariaDbLeaderElectionTests : LeaderElectionContract
{
    private MariaDbServer? _server;
    private string _url = "";

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await MariaDbServer.StartAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        _url = await _server!.CreateDatabaseAsync(CancellationToken.None);
    }

    protected override SqlLeaseStore OpenStore() => SqlLeaseStore.For(_url, TimeSpan.FromSeconds(5));

    [Test]
    public void ServerGoneAndBack_ActiveKeepsItsLease_WhenItComesBackWithinTheTerm()
    {
        var a = Process("a");
        a.Tick();

        _server!.StopAsync().GetAwaiter().GetResult();
        Time.Advance(TimeSpan.FromSeconds(Term / 3));
        a.Tick();
        Assert.That(a.IsActive, Is.True, "a renewal that failed is retried until the term ends");
        _server.StartAgainAsync(CancellationToken.None).GetAwaiter().GetResult();
        Time.Advance(TimeSpan.FromSeconds(Term / 3));

        Assert.That(a.MayAct("power on wn1"), Is.True, "the next renewal reconnects");
        AssertLease(Store().Read(), "a", "http://a:8000/", 1);
    }
}

