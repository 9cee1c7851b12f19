using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Explain;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requests;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// The snapshots the API serves, built alone from the node and job monitors, the queue and the bookings: which
/// bookings hold a node, the join of a request with its LRMS job, and explanations that count from the last pass.
/// </summary>
[TestFixture]
public sealed class ApiSnapshotsTests
{
    private readonly MonitoringOptions _monitoring = new() { CooldownServedRequests = 60 };
    private readonly SchedulingOptions _scheduling = new();
    private InMemoryCluesStore _store = null!;
    private NodeMonitor _nodes = null!;
    private JobMonitor _jobs = null!;
    private RequestQueue _requests = null!;
    private BookingSystem _bookings = null!;
    private ApiSnapshots _snapshots = null!;
    private long _jobRequestIds = 1000;

    [SetUp]
    public void Build()
    {
        _store = new InMemoryCluesStore();
        _nodes = new NodeMonitor(new DaemonStateStore(_store), new NodeRules(_monitoring, null, NullLogger.Instance),
            new GeneralOptions(), _monitoring, NullLogger.Instance);
        _jobs = new JobMonitor(_monitoring, _scheduling, job => new Request(++_jobRequestIds, job.Resources, 0, job.JobId, job.NodeIds),
            NullLogger.Instance);
        _requests = new RequestQueue();
        _bookings = new BookingSystem(_monitoring, NullLogger<BookingSystem>.Instance);
        _snapshots = new ApiSnapshots(_nodes, _jobs, _requests, _bookings,
            new DecisionExplainer(_monitoring, _scheduling, new ResourceMatcher(_monitoring, new RequirementEvaluator()), []));
        _nodes.Apply([Idle("wn1"), Idle("wn2")], now: 0);
    }

    [TearDown]
    public void DisposeStore() => _store.Dispose();

    private static NodeInfo Idle(string name) => new(name, 2, 2, 1024, 1024, state: NodeState.Idle);

    private Request Queue(long id, RequestState state, double at, string? jobId = null)
    {
        var request = new Request(id, new Resources(1, 256), 0, jobId);
        request.SetState(state, at);
        _requests.Append(request);
        return request;
    }

    [Test]
    public void Nodes_BeforeAnyReport_AreEmpty()
    {
        var nodes = new NodeMonitor(new DaemonStateStore(_store), new NodeRules(_monitoring, null, NullLogger.Instance),
            new GeneralOptions(), _monitoring, NullLogger.Instance);
        var snapshots = new ApiSnapshots(nodes, _jobs, _requests, _bookings,
            new DecisionExplainer(_monitoring, _scheduling, new ResourceMatcher(_monitoring, new RequirementEvaluator()), []));

        Assert.That(snapshots.Nodes(10), Is.Empty);
    }

    [Test]
    public void Nodes_AttendedRequestBookedOnANode_ExplainsThatNodeAsBookedOnce()
    {
        Queue(1, RequestState.Attended, at: 5);
        _bookings.Book(1, ["wn1", "wn1"], 5);

        var nodes = _snapshots.Nodes(10);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "wn2" }));
        Assert.That(nodes[0].Why, Is.EqualTo("booked: capacity booked for request(s) 1"), "two tasks on one node name the request once");
        Assert.That(nodes[1].Why, Does.Not.Contain("booked"));
    }

    [Test]
    public void Nodes_ServedRequest_HoldsItsNodeOnlyWithinCooldownServedRequests()
    {
        Queue(1, RequestState.Served, at: 100);
        _bookings.Book(1, ["wn2"], 90);

        Assert.That(_snapshots.Nodes(159)[1].Why, Does.Contain("request(s) 1"), "59 s after it was served (< 60)");
        Assert.That(_snapshots.Nodes(160)[1].Why, Does.Not.Contain("booked"), "60 s after: the cooldown is over");
    }

    [Test]
    public void Nodes_BookingOfARequestNoLongerQueuedOrPending_HoldsNothing()
    {
        Queue(1, RequestState.Pending, at: 0);
        _bookings.Book(1, ["wn1"], 0);
        _bookings.Book(2, ["wn2"], 0); // its request has left the queue

        var nodes = _snapshots.Nodes(10);

        Assert.That(nodes.Select(n => n.Why), Has.None.Contains("booked"));
    }

    [Test]
    public void Requests_JoinsEachRequestWithItsBookingAndItsLrmsJob()
    {
        _jobs.Apply([new JobInfo(new Resources(1, 256), "job-7", ["wn1"], RequestState.Attended, LrmsState: "RUNNING")], now: 4);
        Queue(1, RequestState.Served, at: 5, jobId: "job-7");
        Queue(2, RequestState.Pending, at: 0, jobId: "job-gone");
        _bookings.Book(1, ["wn1"], 5);

        var requests = _snapshots.Requests(10);

        Assert.That(requests.Select(r => r.Id), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(requests[0].BookedNodes, Is.EqualTo(new[] { "wn1" }));
        Assert.That(requests[0].Job, Is.Not.Null);
        Assert.That((requests[0].Job!.Id, requests[0].Job!.State, requests[0].Job!.Nodes), Is.EqualTo(("job-7", "RUNNING", new[] { "wn1" })));
        Assert.That(requests[0].Why, Is.Null, "a served request has nothing to explain");
        Assert.That(requests[1].Job, Is.Null, "job monitoring does not know that job");
        Assert.That(requests[1].BookedNodes, Is.Empty);
    }

    [Test]
    public void Requests_ExplanationsCountFromTheLastSchedulingPass()
    {
        Queue(1, RequestState.Pending, at: 0);
        Queue(2, RequestState.Pending, at: 0);

        var before = _snapshots.Requests(10);
        _snapshots.SchedulingPassAt(20);
        var after = _snapshots.Requests(30);

        Assert.That(before[1].Why, Does.StartWith("not-scheduled-yet: queued"), "no pass has run: the next one looks at it");
        Assert.That(after[1].Why, Does.StartWith("behind-earlier-request"), "a pass ran since it was queued");
    }
}
