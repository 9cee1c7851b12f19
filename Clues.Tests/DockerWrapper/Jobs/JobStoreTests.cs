using Clues.DockerWrapper.Jobs;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Jobs;

public sealed class JobStoreTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("clues-jobstore-").FullName;

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private JobStore NewStore() => new(Path.Combine(_dir, "sub", "jobs.db"), new JobChangeSignal());

    private static Job NewJob(string id, string? name = null, JobState state = JobState.Queued) => new()
    {
        Id = id.PadRight(64, '0'),
        State = state,
        Name = name,
        Image = "local/busybox:latest",
        Cpus = 1.5,
        MemoryBytes = 268435456,
        Tty = true,
        CreateBody = """{"Image":"local/busybox:latest"}""",
        Submitted = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
    };

    [Test]
    public void Add_ThenReopen_JobIsThereWithAllFields()
    {
        var added = NewStore().Add(NewJob("ab", "first") with { UpstreamId = "svc", Backend = "swarm", ExitCode = 3, Attempts = 2 });

        var read = NewStore().Get(added.Id);

        Assert.That(read, Is.EqualTo(added));
        Assert.That(read!.Sequence, Is.GreaterThan(0));
    }

    [Test]
    public void List_ByState_KeepsSubmissionOrder()
    {
        var store = NewStore();
        store.Add(NewJob("01"));
        store.Add(NewJob("02", state: JobState.Running));
        store.Add(NewJob("03"));

        var queued = store.List(JobState.Queued).Select(j => j.Id[..2]);

        Assert.That(queued, Is.EqualTo(new[] { "01", "03" }));
    }

    [Test]
    public void Update_ChangesStateAndNotifies()
    {
        var store = NewStore();
        var job = store.Add(NewJob("aa"));
        var changed = store.Signal.NextAsync();

        store.Update(job with { State = JobState.Finished, ExitCode = 0 });

        Assert.That(changed.IsCompleted, Is.True);
        Assert.That(store.Get(job.Id)!.State, Is.EqualTo(JobState.Finished));
    }

    [Test]
    public void Resolve_IdNamePrefix_FindTheJob()
    {
        var store = NewStore();
        var job = store.Add(NewJob("abc123", "named"));
        store.Add(NewJob("abd999"));

        Assert.That(store.Resolve(job.Id)?.Id, Is.EqualTo(job.Id));
        Assert.That(store.Resolve("named")?.Id, Is.EqualTo(job.Id));
        Assert.That(store.Resolve("/named")?.Id, Is.EqualTo(job.Id));
        Assert.That(store.Resolve("abc1")?.Id, Is.EqualTo(job.Id));
        Assert.That(store.Resolve("ab"), Is.Null, "ambiguous prefix");
        Assert.That(store.Resolve("zz"), Is.Null);
    }

    [Test]
    public void Delete_RemovesTheJob()
    {
        var store = NewStore();
        var job = store.Add(NewJob("dd"));

        store.Delete(job.Id);

        Assert.That(store.Get(job.Id), Is.Null);
        Assert.That(store.List(), Is.Empty);
    }
}
