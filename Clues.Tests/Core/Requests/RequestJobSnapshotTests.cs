using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Tests.Core.Persistence;
using NUnit.Framework;

namespace Clues.Tests.Core.Requests;

/// <summary>
/// A request made for an LRMS job (the docker-wrapper's announcement) shows the job's own state in the API snapshot,
/// as the latest job monitoring pass saw it: a request's final state is not the job's fate (issue 16, item 3).
/// </summary>
[TestFixture]
public sealed class RequestJobSnapshotTests
{
    private const string JobA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string JobB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static JobInfo Job(string id, RequestState state, string? lrmsState, params string[] nodes) =>
        new(new Resources(1, 1, [""], 1), id, nodes, state, lrmsState);

    private static async Task<(DaemonHarness Harness, ScriptedLrms Lrms)> StartAsync()
    {
        var lrms = new ScriptedLrms();
        lrms.States["wn1"] = NodeState.Idle;
        var harness = DaemonHarness.Create(new InMemoryCluesStore(), lrms, new RecordingPowerManager(), 0);
        await harness.TickAsync(0, CancellationToken.None);
        return (harness, lrms);
    }

    [Test, CancelAfter(10000)]
    public async Task SnapshotRequests_JobReported_CarriesItsOwnStateAndNodes(CancellationToken ct)
    {
        var (harness, lrms) = await StartAsync();
        await using var _ = harness;
        var withJob = harness.CreateRequest(1, 1, jobId: JobA);
        var withoutJob = harness.CreateRequest(1, 1);
        lrms.Jobs.Add(Job(JobA, RequestState.Attended, "running", "wn1"));

        await harness.Daemon.MonitorJobsAsync(ct);
        var requests = harness.Daemon.SnapshotRequests();

        var job = requests.Single(r => r.Id == withJob).Job;
        Assert.That(job, Is.Not.Null);
        Assert.That(job!.Id, Is.EqualTo(JobA));
        Assert.That(job.State, Is.EqualTo("running"));
        Assert.That(job.Nodes, Is.EqualTo(new[] { "wn1" }));
        Assert.That(job.Describe(), Is.EqualTo("running on wn1"));
        Assert.That(requests.Single(r => r.Id == withoutJob).Job, Is.Null, "a request made for no job");
    }

    [Test, CancelAfter(10000)]
    public async Task SnapshotRequests_JobEnds_FollowsTheLatestReport(CancellationToken ct)
    {
        var (harness, lrms) = await StartAsync();
        await using var _ = harness;
        var id = harness.CreateRequest(1, 1, jobId: JobA);
        lrms.Jobs.Add(Job(JobA, RequestState.Pending, "queued"));
        await harness.Daemon.MonitorJobsAsync(ct);
        Assert.That(harness.Daemon.SnapshotRequests().Single(r => r.Id == id).Job!.Describe(), Is.EqualTo("queued"));

        lrms.Jobs[0] = Job(JobA, RequestState.Dissapeared, "done", "wn1");
        await harness.Daemon.MonitorJobsAsync(ct);

        Assert.That(harness.Daemon.SnapshotRequests().Single(r => r.Id == id).Job!.Describe(), Is.EqualTo("done on wn1"));
    }

    [Test, CancelAfter(10000)]
    public async Task SnapshotRequests_PluginWithoutOwnStates_ShowsCluesJobState(CancellationToken ct)
    {
        var (harness, lrms) = await StartAsync();
        await using var _ = harness;
        var id = harness.CreateRequest(1, 1, jobId: JobA);
        lrms.Jobs.Add(Job(JobA, RequestState.Attended, null, "wn1"));
        await harness.Daemon.MonitorJobsAsync(ct);
        Assert.That(harness.Daemon.SnapshotRequests().Single(r => r.Id == id).Job!.State, Is.EqualTo("attended"));

        lrms.Jobs.Clear();
        await harness.Daemon.MonitorJobsAsync(ct);

        Assert.That(harness.Daemon.SnapshotRequests().Single(r => r.Id == id).Job!.State, Is.EqualTo("dissapeared"),
            "a job the LRMS stopped reporting");
    }

    [Test, CancelAfter(10000)]
    public async Task SnapshotRequests_JobNeverReported_HasNoJob(CancellationToken ct)
    {
        var (harness, lrms) = await StartAsync();
        await using var _ = harness;
        var id = harness.CreateRequest(1, 1, jobId: JobB);
        lrms.Jobs.Add(Job(JobA, RequestState.Pending, "queued"));

        await harness.Daemon.MonitorJobsAsync(ct);

        var request = harness.Daemon.SnapshotRequests().Single(r => r.Id == id);
        Assert.That(request.JobId, Is.EqualTo(JobB));
        Assert.That(request.Job, Is.Null);
    }
}
