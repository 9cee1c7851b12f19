using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Model;
using Clues.Core.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Simulation;

/// <summary>The simulated batch system: CLUES' strict FIFO by default, EASY backfilling when asked.</summary>
[TestFixture]
public sealed class SimulatedLrmsTests
{
    private VirtualTimeProvider _time = null!;
    private SimulatedCluster _cluster = null!;
    private EventLoop _loop = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new VirtualTimeProvider();
        _loop = new EventLoop(new CluesClock(_time), NullLogger<EventLoop>.Instance);
        _cluster = new SimulatedCluster(_loop, new SimulatorOptions(), new Random(1));
    }

    /// <summary>Machines of one core; those in <paramref name="on"/> are on.</summary>
    private void Machines(int count, params int[] on)
    {
        for (var i = 0; i < count; i++)
        {
            _cluster.Add(new SimNode($"n{i}", 1, 1024) { State = on.Contains(i) ? SimNodeState.On : SimNodeState.Off });
        }
    }

    private static SimJob Job(string name, int tasks, double seconds, double? requested = null) =>
        new(name, 1, 0, seconds, tasks) { RequestedSeconds = requested ?? seconds };

    private async Task<SimulatedLrms> RunningAsync(SimulatedQueuePolicy policy, params SimJob[] jobs)
    {
        var lrms = new SimulatedLrms(_cluster, _loop, policy);
        foreach (var job in jobs)
        {
            lrms.Submit(job);
        }
        await lrms.LifecycleAsync(CancellationToken.None);
        return lrms;
    }

    [Test]
    public async Task Fifo_TheFirstJobThatDoesNotFit_BlocksEveryLaterJob()
    {
        Machines(2, 0, 1);
        var (running, wide, narrow) = (Job("a", 1, 100), Job("b", 2, 50), Job("c", 1, 10));

        await RunningAsync(SimulatedQueuePolicy.Fifo, running, wide, narrow);

        Assert.That(running.Started, Is.EqualTo(0));
        Assert.That((wide.Started, narrow.Started), Is.EqualTo(((double?)null, (double?)null)), "c fits on n1 but waits behind b");
    }

    [Test]
    public async Task Easy_ALaterJobEndingBeforeTheReservation_StartsNow()
    {
        Machines(2, 0, 1);
        var (running, wide, narrow) = (Job("a", 1, 100), Job("b", 2, 50), Job("c", 1, 10, requested: 100));

        await RunningAsync(SimulatedQueuePolicy.EasyBackfilling, running, wide, narrow);

        Assert.That(narrow.Started, Is.EqualTo(0), "c asks for 100 s: it ends by the time a frees the room b needs");
        Assert.That(narrow.Nodes, Is.EqualTo(new[] { "n1" }));
        Assert.That(wide.Started, Is.Null);
    }

    [Test]
    public async Task Easy_ALaterJobThatWouldDelayTheFirst_Waits()
    {
        Machines(2, 0, 1);
        var (running, wide, narrow) = (Job("a", 1, 100), Job("b", 2, 50), Job("c", 1, 10, requested: 101));

        var lrms = await RunningAsync(SimulatedQueuePolicy.EasyBackfilling, running, wide, narrow);

        Assert.That(narrow.Started, Is.Null, "c asks for 101 s, past the reservation at 100, on a machine b needs");
        _time.JumpTo(100.5);
        await lrms.LifecycleAsync(CancellationToken.None);
        Assert.That((wide.Started, narrow.Started), Is.EqualTo(((double?)100.5, (double?)null)), "b starts first, as reserved");
    }

    [Test]
    public async Task Easy_ALongJobOnRoomTheFirstDoesNotNeed_StartsNow()
    {
        Machines(3, 0, 1, 2);
        var (running, wide, narrow) = (Job("a", 2, 100), Job("b", 2, 50), Job("c", 1, 10_000));

        await RunningAsync(SimulatedQueuePolicy.EasyBackfilling, running, wide, narrow);

        Assert.That(narrow.Started, Is.EqualTo(0), "b is reserved n0 and n1 at 100; c takes n2");
        Assert.That(narrow.Nodes, Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public async Task Easy_AJobThatRanPastItsRequestedTime_IsPlannedToEndNow()
    {
        Machines(2, 0, 1);
        var running = Job("a", 1, 1000, requested: 100);
        var lrms = await RunningAsync(SimulatedQueuePolicy.EasyBackfilling, running);
        _time.JumpTo(500);
        var (wide, narrow) = (Job("b", 2, 50), Job("c", 1, 10));
        lrms.Submit(wide);
        lrms.Submit(narrow);

        await lrms.LifecycleAsync(CancellationToken.None);

        Assert.That(narrow.Started, Is.Null, "a could end any moment, so b's reservation is now and c would delay it");
    }

    [Test]
    public async Task Easy_TheFirstJobWaitingForMachinesToBePoweredOn_KeepsTheFreeRoom()
    {
        Machines(3, 0, 1);
        var (running, wide, narrow) = (Job("a", 1, 100), Job("b", 3, 50), Job("c", 1, 10));

        await RunningAsync(SimulatedQueuePolicy.EasyBackfilling, running, wide, narrow);

        Assert.That(narrow.Started, Is.Null, "b needs n2, which is off: no reservation can be made, so nothing is backfilled");
    }

    [Test]
    public async Task Easy_AfterAMachineIsPoweredOn_PlansAgain()
    {
        Machines(3, 0, 1);
        var (running, narrow) = (Job("a", 1, 100), Job("c", 1, 10));
        var lrms = await RunningAsync(SimulatedQueuePolicy.EasyBackfilling, running, Job("blocker", 3, 50), narrow);
        Assert.That(narrow.Started, Is.Null);

        _cluster.Nodes[2].State = SimNodeState.On;
        await lrms.LifecycleAsync(CancellationToken.None);

        Assert.That(narrow.Started, Is.EqualTo(0), "with n2 on, the blocker is reserved all three machines at 100 and c ends before");
    }

    [Test]
    public async Task GetJobs_ReportsTheJobsNotFinished_InSubmissionOrder()
    {
        Machines(2, 0, 1);
        var (first, second, third) = (Job("a", 1, 10), Job("b", 1, 100), Job("c", 2, 10));
        var lrms = await RunningAsync(SimulatedQueuePolicy.Fifo, first, second, third);
        _time.JumpTo(20);
        await lrms.LifecycleAsync(CancellationToken.None);

        var jobs = await lrms.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs.Select(j => (j.JobId, j.State)), Is.EqualTo(new[] { ("b", RequestState.Served), ("c", RequestState.Pending) }));
        Assert.That(lrms.Jobs.Select(j => j.Name), Is.EqualTo(new[] { "a", "b", "c" }), "every job ever submitted stays listed for the results");
    }

    [Test]
    public async Task GetJobs_NothingChanged_SameReport_AJobStarting_ANewReportWithTheOthersEntries()
    {
        Machines(1, 0);
        var (running, waiting, later) = (Job("a", 1, 10), Job("b", 1, 100), Job("c", 1, 10));
        var lrms = await RunningAsync(SimulatedQueuePolicy.Fifo, running, waiting, later);
        var first = await lrms.GetJobsAsync(CancellationToken.None);

        Assert.That(await lrms.GetJobsAsync(CancellationToken.None), Is.SameAs(first), "nothing was submitted, started or ended");

        _time.JumpTo(20);
        await lrms.LifecycleAsync(CancellationToken.None);
        var next = await lrms.GetJobsAsync(CancellationToken.None);

        Assert.That(next, Is.Not.SameAs(first));
        Assert.That(next.Select(j => (j.JobId, j.State)), Is.EqualTo(new[] { ("b", RequestState.Served), ("c", RequestState.Pending) }));
        Assert.That(next[1], Is.SameAs(first[2]), "a job still queued keeps its entry");

        lrms.Submit(Job("d", 1, 10));

        Assert.That((await lrms.GetJobsAsync(CancellationToken.None)).Select(j => j.JobId), Is.EqualTo(new[] { "b", "c", "d" }));
    }
}
