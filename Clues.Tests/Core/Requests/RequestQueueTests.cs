using Clues.Core.Requests;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Requests;

/// <summary>The request queue (spec §3.7): insertion order, lookups, appends and removals during iteration.</summary>
[TestFixture]
public sealed class RequestQueueTests
{
    private static Request Request(long id) => RequestBuilder.WithId(id).Build();

    private static RequestQueue QueueOf(int count)
    {
        var queue = new RequestQueue();
        for (var id = 1; id <= count; id++)
        {
            queue.Append(Request(id));
        }
        return queue;
    }

    [Test]
    public void Append_NewIds_KeepsInsertionOrder()
    {
        var queue = new RequestQueue();
        foreach (var id in new long[] { 5, 2, 9 })
        {
            queue.Append(Request(id));
        }

        Assert.That(queue.Ids, Is.EqualTo(new long[] { 5, 2, 9 }));
        Assert.That(queue.Count, Is.EqualTo(3));
        Assert.That(queue.Find(2)!.Id, Is.EqualTo(2));
    }

    [Test]
    public void Append_DuplicateId_Throws()
    {
        var queue = QueueOf(2);

        Assert.That(() => queue.Append(Request(2)), Throws.InvalidOperationException);
        Assert.That(queue.Count, Is.EqualTo(2));
    }

    [Test]
    public void Append_DuringIteration_IsVisitedInTheSameIteration()
    {
        var queue = QueueOf(2);
        var visited = new List<long>();

        foreach (var request in queue)
        {
            visited.Add(request.Id);
            if (request.Id < 4)
            {
                queue.Append(Request(request.Id + 2));
            }
        }

        Assert.That(visited, Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void Remove_PresentAndAbsent_ReportsWhetherRemoved()
    {
        var queue = QueueOf(3);

        Assert.That(queue.Remove(2), Is.True);
        Assert.That(queue.Remove(2), Is.False);
        Assert.That(queue.Remove(42), Is.False);
        Assert.That(queue.Ids, Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(queue.Find(2), Is.Null);
        Assert.That(queue.Count, Is.EqualTo(2));
    }

    [Test]
    public void Remove_ThenAppendSameId_GoesToTheEnd()
    {
        var queue = QueueOf(3);

        queue.Remove(1);
        queue.Append(Request(1));

        Assert.That(queue.Ids, Is.EqualTo(new long[] { 2, 3, 1 }));
    }

    [Test]
    public void Remove_ManyTriggeringCompaction_KeepsOrderAndLookups()
    {
        var queue = QueueOf(300);

        for (var id = 1; id <= 300; id++)
        {
            if (id % 3 != 0)
            {
                queue.Remove(id);
            }
        }
        queue.Append(Request(1000));

        var expected = Enumerable.Range(1, 100).Select(i => (long)i * 3).Append(1000).ToList();
        Assert.That(queue.Ids, Is.EqualTo(expected));
        Assert.That(queue.Count, Is.EqualTo(101));
        Assert.That(expected.All(id => queue.Find(id)?.Id == id), Is.True, "every lookup still finds its request");
        Assert.That(queue.Find(1), Is.Null);
    }

    [Test]
    public void Remove_VisitedRequestsDuringIteration_VisitsEveryRequestOnce()
    {
        var queue = QueueOf(300);
        var visited = new List<long>();

        foreach (var request in queue)
        {
            visited.Add(request.Id);
            queue.Remove(request.Id);
        }

        Assert.That(visited, Is.EqualTo(Enumerable.Range(1, 300).Select(i => (long)i)), "removals (and compaction) must not skip requests");
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void Remove_ManyDuringIteration_LeavesOrderAndLookupsIntactAfterwards()
    {
        var queue = QueueOf(300);

        foreach (var request in queue)
        {
            if (request.Id % 3 != 0)
            {
                queue.Remove(request.Id);
            }
        }
        queue.Append(Request(1000));

        var expected = Enumerable.Range(1, 100).Select(i => (long)i * 3).Append(1000).ToList();
        Assert.That(queue.Ids, Is.EqualTo(expected));
        Assert.That(expected.All(id => queue.Find(id)?.Id == id), Is.True);
    }

    [Test]
    public void Remove_LaterRequestDuringIteration_IsNotVisited()
    {
        var queue = QueueOf(4);
        var visited = new List<long>();

        foreach (var request in queue)
        {
            visited.Add(request.Id);
            if (request.Id == 1)
            {
                queue.Remove(3);
            }
        }

        Assert.That(visited, Is.EqualTo(new long[] { 1, 2, 4 }));
    }

    [Test]
    public void ForJob_FollowsAppendsAndRemovals_InAppendOrder()
    {
        var queue = new RequestQueue();
        queue.Append(RequestBuilder.WithId(1).ForJob("j1").Build());
        queue.Append(RequestBuilder.WithId(2).ForJob("j2").Build());
        queue.Append(Request(3));
        queue.Append(RequestBuilder.WithId(4).ForJob("j1").Build());

        Assert.That(queue.ForJob("j1").Select(r => r.Id), Is.EqualTo(new long[] { 1, 4 }));
        Assert.That(queue.ForJob("j3"), Is.Empty);

        queue.Remove(1);
        queue.Remove(2);

        Assert.That(queue.ForJob("j1").Select(r => r.Id), Is.EqualTo(new long[] { 4 }));
        Assert.That(queue.ForJob("j2"), Is.Empty);
    }

    [Test]
    public void ForJob_AfterCompaction_StillFindsTheJobsRequests()
    {
        var queue = new RequestQueue();
        for (var id = 1; id <= 300; id++)
        {
            queue.Append(RequestBuilder.WithId(id).ForJob($"j{id % 7}").Build());
        }
        for (var id = 1; id <= 300; id++)
        {
            if (id % 3 != 0)
            {
                queue.Remove(id);
            }
        }

        var expected = queue.Where(r => r.JobId == "j2").Select(r => r.Id).ToList();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(queue.ForJob("j2").Select(r => r.Id), Is.EqualTo(expected));
    }
}
