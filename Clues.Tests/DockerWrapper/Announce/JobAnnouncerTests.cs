using Clues.DockerWrapper.Announce;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Announce;

public sealed class JobAnnouncerTests
{
    private string _dir = null!;
    private JobStore _store = null!;
    private Mock<ICluesRequestClient> _clues = null!;
    private JobAnnouncer _announcer = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("clues-announcer-").FullName;
        _store = new JobStore(Path.Combine(_dir, "jobs.db"), new JobChangeSignal());
        _clues = new Mock<ICluesRequestClient>();
        _clues.Setup(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(7);
        var options = new WrapperOptions { Announce = new AnnounceOptions { Endpoint = new Uri("http://localhost:8000/RPC2"), Timeout = TimeSpan.FromSeconds(1) } };
        _announcer = new JobAnnouncer(_store, _clues.Object, options, TimeProvider.System, NullLogger<JobAnnouncer>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _announcer.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Job Add(string id, JobState state) => _store.Add(new Job
    {
        Id = id.PadRight(64, '0'),
        State = state,
        Image = "local/busybox:latest",
        Cpus = 1.5,
        MemoryBytes = 3L << 30,
        CreateBody = """{"Image":"local/busybox:latest"}""",
        Submitted = DateTimeOffset.UnixEpoch,
    });

    [Test, CancelAfter(5000)]
    public async Task AnnounceNewAsync_WaitingJobSeenTwice_OneRequestWithItsResourcesAndId(CancellationToken ct)
    {
        var job = Add("a1", JobState.Queued);

        await _announcer.AnnounceNewAsync(ct);
        _store.Update(job with { State = JobState.Dispatched });
        await _announcer.AnnounceNewAsync(ct);

        _clues.Verify(c => c.RequestCreateAsync(1.5, 3L << 30, job.Id, It.IsAny<CancellationToken>()), Times.Once);
        _clues.VerifyNoOtherCalls();
    }

    [Test, CancelAfter(5000)]
    public async Task AnnounceNewAsync_CreatedRunningOrEndedJobs_NotAnnounced(CancellationToken ct)
    {
        Add("b1", JobState.Created);
        Add("b2", JobState.Running);
        Add("b3", JobState.Finished);
        var pending = Add("b4", JobState.Dispatched);

        await _announcer.AnnounceNewAsync(ct);

        _clues.Verify(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), pending.Id, It.IsAny<CancellationToken>()), Times.Once);
        _clues.VerifyNoOtherCalls();
    }

    [Test, CancelAfter(5000)]
    public async Task AnnounceNewAsync_CluesUnreachable_JobUntouchedAndNotRetried(CancellationToken ct)
    {
        _clues.Setup(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection refused"));
        var job = Add("c1", JobState.Queued);

        await _announcer.AnnounceNewAsync(ct);
        await _announcer.AnnounceNewAsync(ct);

        Assert.That(_store.Get(job.Id), Is.EqualTo(job));
        _clues.Verify(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), job.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test, CancelAfter(5000)]
    public async Task AnnounceNewAsync_CluesAnswersLate_GivesUpAfterTheTimeout(CancellationToken ct)
    {
        _clues.Setup(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<double, long, string, CancellationToken>(async (_, _, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return 1;
            });
        Add("d1", JobState.Queued);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await _announcer.AnnounceNewAsync(ct);

        Assert.That(watch.Elapsed, Is.InRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4)));
    }

    [Test, CancelAfter(5000)]
    public async Task AnnounceNewAsync_JobEndsThenStoreReused_IdForgottenSoTheSetStaysSmall(CancellationToken ct)
    {
        var job = Add("e1", JobState.Queued);
        await _announcer.AnnounceNewAsync(ct);
        _store.Update(job with { State = JobState.Finished });
        await _announcer.AnnounceNewAsync(ct);
        // Back to waiting (a requeue after a failed dispatch keeps the id): a new wait is a new announcement.
        _store.Update(job with { State = JobState.Queued });

        await _announcer.AnnounceNewAsync(ct);

        _clues.Verify(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), job.Id, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    private List<string> RecordCalls(Func<string, bool>? fails = null)
    {
        var calls = new List<string>();
        var inFlight = 0;
        _clues.Setup(c => c.RequestCreateAsync(It.IsAny<double>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<double, long, string, CancellationToken>(async (_, _, id, _) =>
            {
                Assert.That(Interlocked.Increment(ref inFlight), Is.EqualTo(1), "announcements overlap");
                await Task.Yield();
                calls.Add(id[..2]);
                Interlocked.Decrement(ref inFlight);
                return fails?.Invoke(id[..2]) == true ? throw new HttpRequestException("connection refused") : calls.Count;
            });
        return calls;
    }

    private JobAnnouncer Announcer(QueueOrder order) => new(_store, _clues.Object,
        new WrapperOptions { Order = order, Announce = new AnnounceOptions { Endpoint = new Uri("http://localhost:8000/RPC2"), Timeout = TimeSpan.FromSeconds(1) } },
        TimeProvider.System, NullLogger<JobAnnouncer>.Instance);

    [TestCase(QueueOrder.Fifo, "s1 q1 q2 q3")]
    [TestCase(QueueOrder.Lifo, "s1 q3 q2 q1")]
    public async Task AnnounceNewAsync_SeveralWaitingJobs_OneAtATimeInTheOrderTheyWillBeDispatched(QueueOrder order, string expected)
    {
        var calls = RecordCalls();
        Add("q1", JobState.Queued);
        Add("q2", JobState.Queued);
        Add("s1", JobState.Dispatched); // already sent to Swarm: ahead of the whole queue
        Add("q3", JobState.Queued);
        using var announcer = Announcer(order);

        await announcer.AnnounceNewAsync(CancellationToken.None);

        Assert.That(string.Join(" ", calls), Is.EqualTo(expected));
    }

    [Test, CancelAfter(5000)]
    public async Task AnnounceNewAsync_CluesFailsOnOneJob_TheJobsBehindItWaitForTheNextPassInOrder(CancellationToken ct)
    {
        var calls = RecordCalls(fails: id => id == "f1");
        Add("f1", JobState.Queued);
        Add("f2", JobState.Queued);
        Add("f3", JobState.Queued);

        await _announcer.AnnounceNewAsync(ct);
        Assert.That(calls, Is.EqualTo(new[] { "f1" }), "no timeout per job while CLUES does not answer");

        await _announcer.AnnounceNewAsync(ct);
        Assert.That(calls, Is.EqualTo(new[] { "f1", "f2", "f3" }), "the failed one is not repeated; the others follow in order");
    }
}
