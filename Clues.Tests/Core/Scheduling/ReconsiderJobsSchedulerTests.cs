using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>Reconsider_Jobs (spec §4.3): LRMS jobs queued for longer than RECONSIDER_JOB_TIME become requests.</summary>
[TestFixture]
public sealed class ReconsiderJobsSchedulerTests
{
    private SchedulingScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new SchedulingScenario();

    private static RequestBuilder Job(string id, double pendingSince = 100) =>
        RequestBuilder.WithId(50).Needing(2, 512).Tasks(3, maxPerNode: 2).ForJob(id, "wn1").In(RequestState.Pending, pendingSince);

    private void Run(double now) => _s.Run(_s.ReconsiderJobs(), now);

    private List<Request> RequestsFor(string jobId) => _s.Requests.Where(r => r.JobId == jobId).ToList();

    [TestCase(160.0, false)]
    [TestCase(160.001, true)]
    public void Schedule_JobPendingSince100_ReconsideredOnlyStrictlyAfterReconsiderJobTime(double now, bool reconsidered)
    {
        var job = _s.AddJob(Job("j1"));

        Run(now);

        Assert.That(RequestsFor("j1"), Has.Count.EqualTo(reconsidered ? 1 : 0));
        Assert.That(job.State, Is.EqualTo(reconsidered ? RequestState.Attended : RequestState.Pending));
    }

    [Test]
    public void Schedule_Reconsidered_AppendsRequestMirroringTheJobAndMarksJobAttended()
    {
        var job = _s.AddJob(Job("j1"));

        Run(200);

        var request = RequestsFor("j1").Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.State, Is.EqualTo(RequestState.Pending));
            Assert.That(request.Resources, Is.EqualTo(job.Resources));
            Assert.That(request.JobNodeIds, Is.EqualTo(new[] { "wn1" }));
            Assert.That(request.TimestampCreated, Is.EqualTo(200));
            Assert.That(job.State, Is.EqualTo(RequestState.Attended));
            Assert.That(job.TimestampAttended, Is.EqualTo(200));
        });
    }

    [Test]
    public void Schedule_JobAttendedRecently_MeasuresInactivityFromAttendedTime()
    {
        _s.AddJob(Job("j1", pendingSince: 100).AttendedAt(150));

        Run(200);
        Assert.That(RequestsFor("j1"), Is.Empty, "50 s since it was last reconsidered");

        Run(210.001);
        Assert.That(RequestsFor("j1"), Has.Count.EqualTo(1));
    }

    [TestCase(RequestState.Pending)]
    [TestCase(RequestState.Attended)]
    [TestCase(RequestState.Blocked)]
    [TestCase(RequestState.Dissapeared)]
    [TestCase(RequestState.Unknown)]
    public void Schedule_LiveRequestForTheJob_SuppressesReconsidering(RequestState state)
    {
        var job = _s.AddJob(Job("j1"));
        _s.Queue(RequestBuilder.WithId(1).ForJob("j1").In(state, 10));

        Run(500);

        Assert.That(RequestsFor("j1"), Has.Count.EqualTo(1));
        Assert.That(job.State, Is.EqualTo(RequestState.Pending));
    }

    [TestCase(RequestState.NotServed)]
    [TestCase(RequestState.Discarded)]
    public void Schedule_FinishedUnservedRequestForTheJob_DoesNotSuppress(RequestState state)
    {
        _s.AddJob(Job("j1"));
        _s.Queue(RequestBuilder.WithId(1).ForJob("j1").In(state, 490));

        Run(500);

        Assert.That(RequestsFor("j1"), Has.Count.EqualTo(2));
    }

    [TestCase(440.001, false)]
    [TestCase(440.0, true)]
    public void Schedule_ServedRequestForTheJob_SuppressesOnlyWhileRecent(double servedAt, bool reconsidered)
    {
        _s.AddJob(Job("j1"));
        _s.Queue(RequestBuilder.WithId(1).ForJob("j1").In(RequestState.Served, servedAt));

        Run(500);

        Assert.That(RequestsFor("j1"), Has.Count.EqualTo(reconsidered ? 2 : 1));
    }

    [Test]
    public void Schedule_RequestForAnotherJob_DoesNotSuppress()
    {
        _s.AddJob(Job("j1"));
        _s.Queue(RequestBuilder.WithId(1).ForJob("j2").In(RequestState.Pending, 10));

        Run(500);

        Assert.That(RequestsFor("j1"), Has.Count.EqualTo(1));
    }

    [TestCase(RequestState.Attended)]
    [TestCase(RequestState.Served)]
    [TestCase(RequestState.Unknown)]
    public void Schedule_JobNotPending_IsIgnored(RequestState state)
    {
        _s.AddJob(Job("j1").In(state, 0));

        Run(500);

        Assert.That(_s.Requests.Count, Is.Zero);
    }

    [Test]
    public void Schedule_NoJobList_DoesNothingAndSucceeds()
    {
        var pass = _s.Pass(500);

        Assert.That(_s.ReconsiderJobs().Schedule(pass), Is.True);
        Assert.That(_s.Requests.Count, Is.Zero);
    }

    [Test]
    public void Schedule_ReconsideredJob_IsPickedUpByPowOnRequestsLaterInTheChain()
    {
        _s.WithNodes(NodeBuilder.Named("wn1").WithSlots(8).WithMemory(4096).In(NodeState.Off),
            NodeBuilder.Named("wn2").WithSlots(8).WithMemory(4096).In(NodeState.Off));
        _s.AddJob(Job("j1"));
        var pass = _s.Pass(500);

        _s.ReconsiderJobs().Schedule(pass);
        _s.PowOnRequests().Schedule(pass);

        Assert.That(RequestsFor("j1").Single().State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1", "wn2" }), "3 tasks, at most 2 per node");
    }
}
