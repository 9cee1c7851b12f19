using Clues.Core.Model;
using Clues.Plugins.Docker;
using Clues.Plugins.Docker.Machines;
using Clues.Plugins.Docker.Swarm;
using Clues.Plugins.Docker.Wrapper;
using Clues.Tests.Common.Builders;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;
using Resources = Clues.Core.Model.Resources;

namespace Clues.Tests.Plugins.Docker;

[TestFixture]
public sealed class DockerLrmsPluginTests
{
    private const string JobA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string JobB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private Mock<ISwarmApi> _swarm = null!;
    private Mock<IWrapperJobSource> _wrapper = null!;

    [SetUp]
    public void SetUp()
    {
        _swarm = new Mock<ISwarmApi>(MockBehavior.Strict);
        _wrapper = new Mock<IWrapperJobSource>(MockBehavior.Strict);
        Swarm(SwarmFixtures.Nodes(), SwarmFixtures.Tasks());
        _wrapper.Setup(w => w.GetJobsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
    }

    private void Swarm(IList<NodeListResponse> nodes, IList<TaskResponse> tasks)
    {
        _swarm.Setup(s => s.ListNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(nodes);
        _swarm.Setup(s => s.ListTasksAsync(It.IsAny<CancellationToken>())).ReturnsAsync(tasks);
    }

    private DockerLrmsPlugin Plugin(DockerLrmsOptions? options = null, IMachineStateSource? machines = null, ILogger? logger = null) =>
        new(options ?? new DockerLrmsOptions(), _swarm.Object, _wrapper.Object, machines, logger ?? NullLogger.Instance);

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_RealSwarm_ReportsWorkersByHostnameInOrder(CancellationToken ct)
    {
        var nodes = await Plugin().GetNodesAsync(ct);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "worker-01", "worker-02" }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_RunningReservation_IsTakenFromFreeResources(CancellationToken ct)
    {
        var node = (await Plugin().GetNodesAsync(ct))[0];

        Assert.That(node.State, Is.EqualTo(NodeState.Used));
        Assert.That(node.SlotsCount, Is.EqualTo(2));
        Assert.That(node.SlotsFree, Is.EqualTo(0.5).Within(1e-9));
        Assert.That(node.MemoryTotal, Is.EqualTo(SwarmFixtures.NodeMemory));
        Assert.That(node.MemoryFree, Is.EqualTo(SwarmFixtures.NodeMemory - SwarmFixtures.JobMemory));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_NoActiveTask_IsIdleWithEverythingFree(CancellationToken ct)
    {
        var finishedOnly = SwarmFixtures.Tasks().Where(t => t.Status?.State == TaskState.Complete).ToList();
        Swarm(SwarmFixtures.Nodes(), finishedOnly);

        var nodes = await Plugin().GetNodesAsync(ct);

        Assert.That(nodes.Select(n => n.State), Is.All.EqualTo(NodeState.Idle));
        Assert.That(nodes.Select(n => n.SlotsFree), Is.All.EqualTo(2));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_NodeDown_IsOffWithWholeCapacityFree(CancellationToken ct)
    {
        Swarm(SwarmFixtures.Nodes("swarm-nodes-worker-02-down.json"), SwarmFixtures.Tasks("swarm-tasks-worker-02-down.json"));

        var nodes = await Plugin().GetNodesAsync(ct);

        Assert.That(nodes[0].State, Is.EqualTo(NodeState.Used));
        Assert.That(nodes[1].Name, Is.EqualTo("worker-02"));
        Assert.That(nodes[1].State, Is.EqualTo(NodeState.Off));
        Assert.That(nodes[1].SlotsFree, Is.EqualTo(2));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_IncludeManagers_ReportsManagerToo(CancellationToken ct)
    {
        var nodes = await Plugin(new DockerLrmsOptions { IncludeManagers = true }).GetNodesAsync(ct);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "vm", "worker-01", "worker-02" }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_SlotOverrides_NodeKeyBeatsGlobalKey(CancellationToken ct)
    {
        var options = new DockerLrmsOptions
        {
            SlotsPerHost = 5,
            NodeSlots = new Dictionary<string, double> { ["worker-02"] = 8 },
        };

        var nodes = await Plugin(options).GetNodesAsync(ct);

        Assert.That(nodes.Select(n => n.SlotsCount), Is.EqualTo(new[] { 5.0, 8.0 }));
        Assert.That(nodes.Select(n => n.SlotsFree), Is.EqualTo(new[] { 3.5, 6.5 }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_MachineNotRunning_IsOffEvenWhenSwarmSaysReady(CancellationToken ct)
    {
        var machines = new Mock<IMachineStateSource>();
        machines.Setup(m => m.GetStatesAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, string> { ["worker-01"] = "Stopped", ["worker-02"] = "Running" });

        var nodes = await Plugin(machines: machines.Object).GetNodesAsync(ct);

        Assert.That(nodes.Select(n => n.State), Is.EqualTo(new[] { NodeState.Off, NodeState.Used }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_NodeOff_ReasonLoggedOnceAndAgainWhenItChanges(CancellationToken ct)
    {
        var looks = new Queue<Dictionary<string, string>>([
            new() { ["worker-01"] = "Error", ["worker-02"] = "Running" },
            new() { ["worker-01"] = "Error", ["worker-02"] = "Running" },
            new() { ["worker-01"] = "Running", ["worker-02"] = "Running" },
            new() { ["worker-02"] = "Stopping" },
        ]);
        var machines = new Mock<IMachineStateSource>();
        machines.Setup(m => m.GetStatesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => looks.Dequeue());
        var logger = new RecordingLogger();
        var plugin = Plugin(machines: machines.Object, logger: logger);

        var states = new List<NodeState[]>();
        for (var i = 0; i < 4; i++)
        {
            states.Add([.. (await plugin.GetNodesAsync(ct)).Select(n => n.State)]);
        }

        Assert.That(states, Is.EqualTo(new[]
        {
            new[] { NodeState.Off, NodeState.Used },
            new[] { NodeState.Off, NodeState.Used },
            new[] { NodeState.Used, NodeState.Used },
            new[] { NodeState.Off, NodeState.Off },
        }));
        Assert.That(logger.Entries.Select(e => e.Message), Is.EqualTo(new[]
        {
            "node worker-01 is reported off: machine state 'Error' (Swarm says ready)",
            "node worker-01 is reported off: not in the machine list (Swarm says ready)",
            "node worker-02 is reported off: machine state 'Stopping' (Swarm says ready)",
        }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_NodeDownAndMachineStopped_ReasonNamesBoth(CancellationToken ct)
    {
        Swarm(SwarmFixtures.Nodes("swarm-nodes-worker-02-down.json"), SwarmFixtures.Tasks("swarm-tasks-worker-02-down.json"));
        var machines = new Mock<IMachineStateSource>();
        machines.Setup(m => m.GetStatesAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, string> { ["worker-01"] = "Running", ["worker-02"] = "Stopped" });
        var logger = new RecordingLogger();

        await Plugin(machines: machines.Object, logger: logger).GetNodesAsync(ct);

        Assert.That(logger.Entries.Select(e => e.Message),
            Is.EqualTo(new[] { "node worker-02 is reported off: Swarm status 'down', machine state 'Stopped'" }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodesAsync_Keywords_HostnameAndDefaultQueue(CancellationToken ct)
    {
        var node = (await Plugin().GetNodesAsync(ct))[1];

        Assert.That(node.Keywords["hostname"].Text, Is.EqualTo("worker-02"));
        Assert.That(node.Keywords["queues"].Items!.Select(i => i.Text), Is.EqualTo(new[] { "default" }));
    }

    [Test, CancelAfter(5_000)]
    public void GetNodesAsync_ManagerUnreachable_Throws(CancellationToken ct)
    {
        _swarm.Setup(s => s.ListNodesAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("connection refused"));

        Assert.That(async () => await Plugin().GetNodesAsync(ct), Throws.InstanceOf<HttpRequestException>());
    }

    private static WrapperJob Job(string id, string status, string? node = null, string? service = null, string? state = null) =>
        new(id, status, "local/busybox:latest", 1.5, 268435456, node, 1_700_000_000.5, null, service, null, state);

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_WrapperJobs_MapStatesResourcesAndNodes(CancellationToken ct)
    {
        _wrapper.Setup(w => w.GetJobsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Job(JobA, "pending"),
            Job(JobB, "attended", "worker-01", "svc-b"),
            Job(new string('c', 64), "finished", "worker-02"),
            Job(new string('d', 64), "failed"),
            Job(new string('e', 64), "cancelled"),
        ]);
        Swarm(SwarmFixtures.Nodes(), []);

        var jobs = await Plugin().GetJobsAsync(ct);

        Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(new[] { JobA, JobB, new string('c', 64), new string('d', 64), new string('e', 64) }));
        Assert.That(jobs.Select(j => j.State), Is.EqualTo(new[]
        {
            RequestState.Pending, RequestState.Attended, RequestState.Dissapeared, RequestState.Dissapeared, RequestState.Dissapeared,
        }), "ended jobs are what CLUES makes of a job that left the LRMS");
        // A wrapper without the State field: its Status words, "finished" as "done".
        Assert.That(jobs.Select(j => j.LrmsState), Is.EqualTo(new[] { "pending", "running", "done", "failed", "cancelled" }));
        Assert.That(jobs[2].NodeIds, Is.EqualTo(new[] { "worker-02" }), "where the ended job ran");
        Assert.That(jobs[0].State, Is.EqualTo(RequestState.Pending));
        Assert.That(jobs[0].NodeIds, Is.Empty);
        Assert.That(jobs[0].Resources, Is.EqualTo(new Resources(1.5, 268435456, ["\"default\" in queues"], 1))
            .Using<Resources>((a, b) => a.Slots == b.Slots && a.Memory == b.Memory && a.TaskCount == b.TaskCount
                && a.Expressions.SequenceEqual(b.Expressions)));
        Assert.That(jobs[1].State, Is.EqualTo(RequestState.Attended));
        Assert.That(jobs[1].NodeIds, Is.EqualTo(new[] { "worker-01" }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_WrapperStates_AreTheJobsOwnStates(CancellationToken ct)
    {
        _wrapper.Setup(w => w.GetJobsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Job(new string('1', 64), "pending", state: "queued"),
            Job(new string('2', 64), "pending", service: "svc-2", state: "dispatching"),
            Job(new string('3', 64), "pending", service: "svc-3", state: "dispatched"),
            Job(new string('4', 64), "attended", "worker-01", "svc-4", state: "running"),
            Job(new string('5', 64), "finished", "worker-01", "svc-5", state: "finished"),
            Job(new string('6', 64), "failed", "worker-02", "svc-6", state: "failed"),
            Job(new string('7', 64), "cancelled", state: "cancelled"),
        ]);
        Swarm(SwarmFixtures.Nodes(), []);

        var jobs = await Plugin().GetJobsAsync(ct);

        Assert.That(jobs.Select(j => j.LrmsState),
            Is.EqualTo(new[] { "queued", "dispatched", "dispatched", "running", "done", "failed", "cancelled" }));
        Assert.That(jobs.Select(j => j.NodeIds.Count), Is.EqualTo(new[] { 0, 0, 0, 1, 1, 1, 0 }));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_NothingQueued_IsEmptyListNotFailure(CancellationToken ct)
    {
        Swarm(SwarmFixtures.Nodes(), []);

        var jobs = await Plugin().GetJobsAsync(ct);

        Assert.That(jobs, Is.Empty);
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_PendingSwarmTaskOfOtherService_IsPendingJobWithReservation(CancellationToken ct)
    {
        var jobs = await Plugin().GetJobsAsync(ct);

        Assert.That(jobs, Has.Count.EqualTo(1));
        Assert.That(jobs[0].JobId, Is.EqualTo(SwarmFixtures.PendingTaskId));
        Assert.That(jobs[0].State, Is.EqualTo(RequestState.Pending));
        Assert.That(jobs[0].Resources.Slots, Is.EqualTo(1.5));
        Assert.That(jobs[0].Resources.Memory, Is.EqualTo(SwarmFixtures.JobMemory));
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_PendingSwarmTaskOfWrapperJob_IsReportedOnceAsTheWrapperJob(CancellationToken ct)
    {
        _wrapper.Setup(w => w.GetJobsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([Job(JobA, "pending", service: SwarmFixtures.PendingServiceId)]);

        var jobs = await Plugin().GetJobsAsync(ct);

        Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(new[] { JobA }));
    }

    [Test, CancelAfter(5_000)]
    public void GetJobsAsync_WrapperUnreachable_Throws(CancellationToken ct)
    {
        _wrapper.Setup(w => w.GetJobsAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("refused"));

        Assert.That(async () => await Plugin().GetJobsAsync(ct), Throws.InstanceOf<HttpRequestException>());
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_DuplicateWrapperId_ReportedOnce(CancellationToken ct)
    {
        _wrapper.Setup(w => w.GetJobsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([Job(JobA, "pending"), Job(JobA, "attended", "worker-01")]);
        Swarm(SwarmFixtures.Nodes(), []);

        var jobs = await Plugin().GetJobsAsync(ct);

        Assert.That(jobs, Has.Count.EqualTo(1));
    }

    [Test]
    public void Id_NamesTheWrapper()
    {
        Assert.That(Plugin().Id, Is.EqualTo("DWRAPPER_unix:///run/clues2/docker-wrapper.sock"));
    }
}
