using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Requests;

/// <summary>The LRMS job list (spec §3.6, §3.7): keyed by job id, in order of appearance.</summary>
[TestFixture]
public sealed class JobListTests
{
    private static Request Job(long id, string jobId, RequestState state = RequestState.Pending) =>
        RequestBuilder.WithId(id).ForJob(jobId).In(state).Build();

    private static JobList JobsOf(params Request[] jobs)
    {
        var list = new JobList();
        foreach (var job in jobs)
        {
            list.Append(job);
        }
        return list;
    }

    [Test]
    public void Append_JobWithoutJobId_Throws()
    {
        var jobs = new JobList();

        Assert.That(() => jobs.Append(RequestBuilder.WithId(1).Build()), Throws.ArgumentException);
    }

    [Test]
    public void Append_DuplicateJobId_Throws()
    {
        var jobs = JobsOf(Job(1, "j1"));

        Assert.That(() => jobs.Append(Job(2, "j1")), Throws.InvalidOperationException);
        Assert.That(jobs.Count, Is.EqualTo(1));
    }

    [Test]
    public void Find_ByJobId_ReturnsJobOrNull()
    {
        var job = Job(1, "j1");
        var jobs = JobsOf(job);

        Assert.That(jobs.Find("j1"), Is.SameAs(job));
        Assert.That(jobs.Find("j2"), Is.Null);
    }

    [Test]
    public void Ids_WithState_FiltersAndWithoutReturnsAll()
    {
        var jobs = JobsOf(Job(1, "j1", RequestState.Attended), Job(2, "j2"), Job(3, "j3", RequestState.Attended));

        Assert.That(jobs.Ids(RequestState.Attended), Is.EquivalentTo(new[] { "j1", "j3" }));
        Assert.That(jobs.Ids(), Is.EquivalentTo(new[] { "j1", "j2", "j3" }));
        Assert.That(jobs.Ids(RequestState.Served), Is.Empty);
    }

    [Test]
    public void Remove_DuringIteration_KeepsIteratingInAppearanceOrder()
    {
        var jobs = JobsOf(Job(1, "j3"), Job(2, "j1"), Job(3, "j2"));
        var visited = new List<string>();

        foreach (var job in jobs)
        {
            visited.Add(job.JobId!);
            jobs.Remove(job.JobId!);
        }

        Assert.That(visited, Is.EqualTo(new[] { "j3", "j1", "j2" }));
        Assert.That(jobs.Count, Is.Zero);
        Assert.That(jobs.Remove("j1"), Is.False);
    }

    [Test]
    public void Remove_ThenAppendSameJobId_GoesToTheEnd()
    {
        var jobs = JobsOf(Job(1, "j1"), Job(2, "j2"));

        jobs.Remove("j1");
        jobs.Append(Job(3, "j1"));

        Assert.That(jobs.Select(j => j.Id), Is.EqualTo(new long[] { 2, 3 }));
    }

    [Test]
    public void Remove_ManyTriggeringCompaction_KeepsOrderAndLookups()
    {
        var jobs = new JobList();
        for (var id = 1; id <= 300; id++)
        {
            jobs.Append(Job(id, $"j{id}"));
        }
        for (var id = 1; id <= 300; id++)
        {
            if (id % 3 != 0)
            {
                jobs.Remove($"j{id}");
            }
        }
        jobs.Append(Job(1000, "j1000"));

        var expected = Enumerable.Range(1, 100).Select(i => $"j{i * 3}").Append("j1000").ToList();
        Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(expected));
        Assert.That(jobs.Count, Is.EqualTo(101));
        Assert.That(expected.All(id => jobs.Find(id)?.JobId == id), Is.True, "every lookup still finds its job");
        Assert.That(jobs.Find("j1"), Is.Null);
    }

    [Test]
    public void Remove_ManyDuringIteration_VisitsEveryJobOnceAndKeepsLookups()
    {
        var jobs = new JobList();
        for (var id = 1; id <= 300; id++)
        {
            jobs.Append(Job(id, $"j{id}"));
        }
        var visited = new List<string>();

        foreach (var job in jobs)
        {
            visited.Add(job.JobId!);
            if (job.Id % 3 != 0)
            {
                jobs.Remove(job.JobId!);
            }
        }

        Assert.That(visited, Has.Count.EqualTo(300), "removals (and compaction) must not skip jobs");
        Assert.That(jobs.Select(j => j.Id), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (long)i * 3)));
        Assert.That(jobs.Find("j9")?.Id, Is.EqualTo(9));
    }
}
