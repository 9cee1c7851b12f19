using System.Text;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Reports;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// The daemon's book of requests alone, on a real SQLite file: ids that continue across restarts, the rows of CLUES'
/// requests table, the purge after COOLDOWN_SERVED_REQUESTS, the served waits counted once, and the live queue saved
/// and read back with its states, attempts, timestamps and bookings.
/// </summary>
[TestFixture]
public sealed class RequestBookTests
{
    private readonly MonitoringOptions _monitoring = new() { CooldownServedRequests = 60 };
    private readonly HookRunner _hooks = new(new HooksOptions(), NullLogger<HookRunner>.Instance);
    private string _path = null!;
    private SqliteCluesStore _store = null!;
    private BookingSystem _bookings = null!;
    private DaemonMetrics _metrics = null!;

    [SetUp]
    public void SetUp()
    {
        _path = Path.Combine(Directory.CreateTempSubdirectory("clues-book-").FullName, "clues.db");
        _store = new SqliteCluesStore(_path);
        _bookings = NewBookings();
        _metrics = new DaemonMetrics();
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    [OneTimeTearDown]
    public async Task DisposeHooks() => await _hooks.DisposeAsync();

    private BookingSystem NewBookings() => new(_monitoring, NullLogger<BookingSystem>.Instance);

    private RequestBook Book(ICluesStore? store = null, BookingSystem? bookings = null) =>
        new(new DaemonStateStore(store ?? _store), bookings ?? _bookings, _hooks, _metrics, _monitoring, NullLogger.Instance);

    private static Resources OneSlot => new(1, 256);

    private IReadOnlyList<RequestRecord> Rows()
    {
        using var reader = CluesDatabaseReader.Open(_path);
        return reader.RequestsBetween(double.MinValue, double.MaxValue);
    }

    private string Metrics()
    {
        var text = new StringBuilder();
        _metrics.WritePrometheus(text);
        return text.ToString();
    }

    [Test]
    public void New_ContinuesAfterTheHighestIdStored_AndLeavesTheQueueAlone()
    {
        Book().Create(OneSlot, null, [], now: 10);
        Book().Create(OneSlot, null, [], now: 11);

        var book = Book();
        var request = book.New(OneSlot, "job7", ["wn1"], now: 20);

        Assert.That(request.Id, Is.EqualTo(3), "ids 1 and 2 are in the requests table");
        Assert.That((request.JobId, request.TimestampCreated, request.State), Is.EqualTo(("job7", 20.0, RequestState.Pending)));
        Assert.That(book.Queue.Count, Is.Zero);
        Assert.That(book.New(OneSlot, null, [], now: 21).Id, Is.EqualTo(4));
    }

    [Test]
    public void Create_QueuesTheRequest_WritesItsRow_AndSavesItForARestart()
    {
        var book = Book();

        var request = book.Create(new Resources(1.5, 512, taskCount: 2), null, [], now: 100);

        Assert.That(book.Queue.Select(r => r.Id), Is.EqualTo(new[] { request.Id }));
        Assert.That(book.IsQueued(request.Id), Is.True);
        var row = Rows().Single();
        Assert.That((row.Id, row.Created, row.State, row.Slots, row.TaskCount), Is.EqualTo((request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), 100.0, RequestState.Pending, 1.5, 2)));
        Assert.That(_store.LoadQueue().Select(q => q.Id), Is.EqualTo(new[] { request.Id }));
    }

    [Test]
    public void IsQueued_IsFalseForARequestInAFinalStateOrUnknown()
    {
        var book = Book();
        var served = book.Create(OneSlot, null, [], now: 0);
        var pending = book.Create(OneSlot, null, [], now: 0);
        served.SetState(RequestState.Served, 5);

        Assert.That(book.IsQueued(pending.Id), Is.True);
        Assert.That(book.IsQueued(served.Id), Is.False);
        Assert.That(book.IsQueued(999), Is.False);
    }

    [Test]
    public void StoreIfQueued_WritesTheRowOfAQueuedRequestOnly()
    {
        var book = Book();
        var queued = book.New(OneSlot, null, [], now: 30);
        var dropped = book.New(OneSlot, null, [], now: 30);
        book.Queue.Append(queued);

        book.StoreIfQueued(queued);
        book.StoreIfQueued(dropped);

        Assert.That(Rows().Select(r => r.Id), Is.EqualTo(new[] { queued.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Test]
    public void PurgeFinished_DropsOnlyRequestsFinalForLongerThanTheCooldown_AndUpdatesTheirRows()
    {
        var book = Book();
        var old = book.Create(OneSlot, null, [], now: 0);
        var recent = book.Create(OneSlot, null, [], now: 0);
        var waiting = book.Create(OneSlot, null, [], now: 0);
        old.SetState(RequestState.Served, 100);
        recent.SetState(RequestState.Discarded, 150);

        book.PurgeFinished(now: 161);

        Assert.That(book.Queue.Select(r => r.Id), Is.EqualTo(new[] { recent.Id, waiting.Id }), "60 s after 100 is past, after 150 is not");
        Assert.That(Rows().Select(r => r.State), Is.EqualTo(new[] { RequestState.Served, RequestState.Pending, RequestState.Pending }),
            "the purged request's row has its final state; the others are updated when they leave");
    }

    [Test]
    public void RecordServed_CountsEachServedRequestsWaitOnce()
    {
        var book = Book();
        var served = book.Create(OneSlot, null, [], now: 10);
        book.Create(OneSlot, null, [], now: 10);
        served.SetState(RequestState.Served, 40);

        book.RecordServed(now: 40);
        book.RecordServed(now: 45);

        Assert.That(Metrics(), Does.Contain("clues_request_wait_seconds_count 1\n").And.Contain("clues_request_wait_seconds_sum 30\n"));
    }

    [Test]
    public void Save_WritesWhatChanged_AndDeletesWhatLeftTheQueue()
    {
        var book = Book();
        var leaving = book.Create(OneSlot, null, [], now: 0);
        var staying = book.Create(OneSlot, null, [], now: 0);
        leaving.SetState(RequestState.Served, 10);
        staying.SetState(RequestState.Attended, 10);
        _bookings.Book(staying.Id, ["wn1", "wn2"], 10);

        book.PurgeFinished(now: 100);
        book.Save();

        var saved = _store.LoadQueue().Single();
        Assert.That((saved.Id, saved.State, saved.TimestampAttended, saved.AttendedRetries), Is.EqualTo((staying.Id, RequestState.Attended, 10.0, 1)));
        Assert.That(saved.BookedNodes, Is.EqualTo(new[] { "wn1", "wn2" }));
    }

    [Test]
    public void Resume_PutsBackTheSavedQueueWithStatesAttemptsTimestampsAndBookings()
    {
        var before = Book();
        var attended = before.Create(OneSlot, "job1", ["wn1"], now: 5);
        var pending = before.Create(OneSlot, null, [], now: 6);
        attended.SetState(RequestState.Attended, 20);
        attended.SetState(RequestState.Pending, 30);
        attended.SetState(RequestState.Attended, 40);
        _bookings.Book(attended.Id, ["wn1"], 40);
        before.Save();

        var bookings = NewBookings();
        var after = Book(bookings: bookings);
        after.Resume();
        after.Resume();

        Assert.That(after.Queue.Select(r => r.Id), Is.EqualTo(new[] { attended.Id, pending.Id }), "a second resume adds nothing");
        var back = after.Queue.Find(attended.Id)!;
        Assert.That((back.State, back.TimestampCreated, back.TimestampState, back.TimestampAttended, back.AttendedRetries, back.JobId),
            Is.EqualTo((RequestState.Attended, 5.0, 40.0, 40.0, 2, "job1")));
        Assert.That(bookings.Find(attended.Id)?.Nodes, Is.EqualTo(new[] { "wn1" }));
        Assert.That(bookings.Find(pending.Id), Is.Null);
        Assert.That(after.New(OneSlot, null, [], now: 50).Id, Is.EqualTo(pending.Id + 1));
    }

    [Test]
    public void Resume_ThenSave_WritesNothingForRequestsThatDidNotChange()
    {
        var before = Book();
        before.Create(OneSlot, null, [], now: 5);
        before.Save();

        using var counting = new CountingStore(_store);
        var after = Book(counting);
        after.Resume();
        after.Save();

        Assert.That(counting.QueueWrites, Is.Zero);
    }

    /// <summary>Counts the queue writes that reach the store.</summary>
    private sealed class CountingStore(ICluesStore inner) : ICluesStore
    {
        public int QueueWrites { get; private set; }

        public IReadOnlyList<(string Name, bool Enabled)> LoadHosts() => inner.LoadHosts();
        public void SetHostEnabled(string name, bool enabled) => inner.SetHostEnabled(name, enabled);
        public void StoreNode(Clues.Core.StateMachine.Node node, double now) => inner.StoreNode(node, now);
        public IReadOnlyDictionary<string, StoredNode> LatestNodes() => inner.LatestNodes();
        public void StoreRequest(Request request) => inner.StoreRequest(request);
        public void UpdateRequest(Request request) => inner.UpdateRequest(request);
        public long MaxRequestId() => inner.MaxRequestId();
        public void SaveNodeStates(IReadOnlyCollection<StoredNodeState> nodes) => inner.SaveNodeStates(nodes);
        public IReadOnlyDictionary<string, StoredNodeState> LoadNodeStates() => inner.LoadNodeStates();
        public IReadOnlyList<QueuedRequest> LoadQueue() => inner.LoadQueue();
        public void Dispose()
        {
        }

        public void SaveQueue(IReadOnlyCollection<QueuedRequest> changed, IReadOnlyCollection<long> removed)
        {
            QueueWrites++;
            inner.SaveQueue(changed, removed);
        }
    }
}
