using Clues.Tests.Integration.Lab;
using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.Docker;
using Clues.Plugins.DockerMachine;
using Clues.Tests.Common;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Integration;

/// <summary>
/// The Docker LRMS plugin and the docker-machine power manager against a real 2-worker Swarm lab (lab/swarm-lab.sh,
/// driven through lab/docker-machine), on 10.232.0.0/24 in /tmp/clues-lab-plugins.
/// </summary>
[TestFixture, Category("Docker"), NonParallelizable]
public sealed class SwarmLabTests
{
    private const string LabDir = "/tmp/clues-lab-plugins";
    private const string Subnet = LabSubnets.DockerPlugins;
    private const string Worker = "worker-01";

    private readonly ShellCommandRunner _runner = new(TimeProvider.System);
    private string _env = "";
    private string _labScript = "";
    private string _dockerMachine = "";
    private DockerClient _docker = null!;
    private bool _labUp;

    private string ManagerHost => $"unix://{LabDir}/manager/docker.sock";

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dockerd");
        _labScript = Environment.GetEnvironmentVariable("SWARM_LAB_SCRIPT") is { Length: > 0 } custom
            ? custom
            : Path.Combine(TestEnvironment.RepositoryRoot, "lab", "swarm-lab.sh");
        if (!File.Exists(_labScript))
        {
            TestEnvironment.Missing($"the lab script '{_labScript}' is missing (set SWARM_LAB_SCRIPT)");
        }
        _dockerMachine = Path.Combine(TestEnvironment.RepositoryRoot, "lab", "docker-machine");
        _env = $"LAB_DIR={LabDir} LAB_SUBNET_PREFIX={Subnet} LAB_SCRIPT='{_labScript}'";
        await Shell($"bash '{_labScript}' down", TimeSpan.FromMinutes(2));
        _labUp = true;
        var up = await Shell($"bash '{_labScript}' up 2", TimeSpan.FromMinutes(3));
        Assert.That(up.Success, Is.True, "lab up failed: " + up.DescribeFailure());
        _docker = new DockerClientBuilder().WithEndpoint(new Uri(ManagerHost)).Build();
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        _docker?.Dispose();
        if (_labUp)
        {
            await Shell($"bash '{_labScript}' down", TimeSpan.FromMinutes(2));
        }
    }

    private Task<ShellCommandResult> Shell(string command, TimeSpan timeout) =>
        _runner.RunAsync($"{_env} {command}", timeout, CancellationToken.None);

    private async Task Docker(string args)
    {
        var result = await Shell($"docker -H {ManagerHost} {args}", TimeSpan.FromSeconds(60));
        Assert.That(result.Success, Is.True, result.DescribeFailure());
    }

    private CluesConfig Config()
    {
        var config = new CluesConfig();
        config.Set("general", "TIMEOUT_COMMANDS", "90");
        config.Set("DOCKER", "DOCKER_MANAGER_HOST", ManagerHost);
        config.Set("DOCKER", "DOCKER_SERVER", "");
        config.Set("DOCKER", "DMACHINE_VM_LIST", $"{_env} {_dockerMachine} ls --format '{{{{.Name}}}} {{{{.State}}}}'");
        config.Set("DMACHINE", "DMACHINE_CMDLINE_POWON", $"{_env} {_dockerMachine} start %%h");
        config.Set("DMACHINE", "DMACHINE_CMDLINE_POWOFF", $"{_env} {_dockerMachine} stop %%h");
        config.Set("DMACHINE", "DMACHINE_VM_LIST", $"{_env} {_dockerMachine} ls --format '{{{{.Name}}}} {{{{.State}}}}'");
        config.Set("DMACHINE", "DMACHINE_DRAIN_TIMEOUT", "3");
        return config;
    }

    private async Task<NodeListResponse> SwarmNode(string name) =>
        (await _docker.Swarm.ListNodesAsync()).Where(n => n.Description?.Hostname == name)
            .OrderByDescending(n => n.Status?.State == "ready").First();

    private async Task WaitFor(string what, Func<Task<bool>> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds} s waiting for {what}");
            }
            await Task.Delay(500);
        }
    }

    private async Task<int> RunningTasks(string service) =>
        (await _docker.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [service] = true } },
        })).Count(t => t.Status?.State == TaskState.Running);

    [Test, Order(1), CancelAfter(120_000)]
    public async Task DockerLrms_RealSwarm_ReportsWorkersLoadAndPendingTask(CancellationToken ct)
    {
        using var plugin = new DockerLrmsPlugin(Config(), NullLogger<DockerLrmsPlugin>.Instance, TimeProvider.System);
        for (var i = 1; i <= 3; i++)
        {
            await Docker($"service create -d --name lrms{i} --mode replicated-job --restart-condition none --reserve-cpu 1.5 --reserve-memory 64m local/busybox:latest sleep 15");
        }
        await WaitFor("two lrms jobs running", async () => await RunningTasks("lrms1") + await RunningTasks("lrms2") + await RunningTasks("lrms3") == 2, TimeSpan.FromSeconds(60));

        var nodes = await plugin.GetNodesAsync(ct);
        var jobs = await plugin.GetJobsAsync(ct);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "worker-01", "worker-02" }));
        Assert.That(nodes.Select(n => n.State), Is.All.EqualTo(NodeState.Used));
        Assert.That(nodes.Select(n => n.SlotsFree), Is.All.EqualTo(nodes[0].SlotsCount - 1.5).Within(1e-9));
        Assert.That(jobs, Has.Count.EqualTo(1));
        Assert.That(jobs[0].State, Is.EqualTo(RequestState.Pending));
        Assert.That(jobs[0].Resources.Slots, Is.EqualTo(1.5));

        // Removing a job service does not stop its running task on dockerd 20.10: let the jobs end instead.
        await WaitFor("workers idle", async () => (await plugin.GetNodesAsync(ct)).All(n => n.State == NodeState.Idle), TimeSpan.FromSeconds(90));
        for (var i = 1; i <= 3; i++)
        {
            await Docker($"service rm lrms{i}");
        }
    }

    [Test, Order(2), CancelAfter(120_000)]
    public async Task PowerOff_NodeRunsJob_FailsAndJobKeepsRunning(CancellationToken ct)
    {
        using var manager = new DockerMachinePowerManager(Config(), NullLogger<DockerMachinePowerManager>.Instance, TimeProvider.System);
        await Docker($"service create -d --name pinned --mode replicated-job --restart-condition none --constraint node.hostname=={Worker} local/busybox:latest sleep 20");
        await WaitFor("the pinned job running", async () => await RunningTasks("pinned") == 1, TimeSpan.FromSeconds(60));

        var result = await manager.PowerOffAsync(Worker, ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("still runs tasks"));
        Assert.That(await RunningTasks("pinned"), Is.EqualTo(1), "the job was killed");
        Assert.That((await SwarmNode(Worker)).Spec?.Availability, Is.EqualTo("active"));
        var status = await Shell($"{_dockerMachine} status {Worker}", TimeSpan.FromSeconds(10));
        Assert.That(status.StandardOutput.Trim(), Is.EqualTo("Running"));
        await WaitFor("the pinned job to end", async () => await RunningTasks("pinned") == 0, TimeSpan.FromSeconds(60));
        await Docker("service rm pinned");
    }

    [Test, Order(3), CancelAfter(240_000)]
    public async Task PowerOffThenOn_IdleWorker_DrainsStopsRejoinsAndActivates(CancellationToken ct)
    {
        using var manager = new DockerMachinePowerManager(Config(), NullLogger<DockerMachinePowerManager>.Instance, TimeProvider.System);
        using var lrms = new DockerLrmsPlugin(Config(), NullLogger<DockerLrmsPlugin>.Instance, TimeProvider.System);
        await WaitFor($"{Worker} without tasks", async () => (await lrms.GetNodesAsync(ct)).Single(n => n.Name == Worker).State == NodeState.Idle, TimeSpan.FromSeconds(60));

        var off = await manager.PowerOffAsync(Worker, ct);

        Assert.That(off, Is.EqualTo(PowerResult.Ok(Worker)), off.Error);
        Assert.That((await SwarmNode(Worker)).Spec?.Availability, Is.EqualTo("drain"));
        Assert.That((await lrms.GetNodesAsync(ct)).Single(n => n.Name == Worker).State, Is.EqualTo(NodeState.Off),
            "docker-machine already shows it Stopped");
        await WaitFor($"{Worker} Down in the Swarm", async () => (await SwarmNode(Worker)).Status?.State == "down", TimeSpan.FromSeconds(60));

        var on = await manager.PowerOnAsync(Worker, ct);

        Assert.That(on, Is.EqualTo(PowerResult.Ok(Worker)), on.Error);
        await WaitFor($"{Worker} Ready again", async () => (await SwarmNode(Worker)).Status?.State == "ready", TimeSpan.FromSeconds(90));
        Assert.That((await SwarmNode(Worker)).Spec?.Availability, Is.EqualTo("active"));
        var node = (await lrms.GetNodesAsync(ct)).Single(n => n.Name == Worker);
        Assert.That(node.State, Is.EqualTo(NodeState.Idle));
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Worker} off and on again: {node}"));
    }

    [Test, Order(4), CancelAfter(240_000)]
    public async Task PowerOn_AfterAPowerOffCutShort_WaitsForTheOldEngineToExitThenStartsIt(CancellationToken ct)
    {
        using var manager = new DockerMachinePowerManager(Config(), NullLogger<DockerMachinePowerManager>.Instance, TimeProvider.System);
        await WaitFor($"{Worker} Ready", async () => (await SwarmNode(Worker)).Status?.State == "ready", TimeSpan.FromSeconds(90));
        // A power-off killed once it has signalled dockerd (as when clues-host is killed mid power-off): the engine
        // goes on shutting down for a few seconds after its command is gone.
        var marker = Path.Combine(LabDir, Worker, "stopping");
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"{_env} {_dockerMachine} stop {Worker}"]) { RedirectStandardOutput = true };
        using (var stop = System.Diagnostics.Process.Start(start)!)
        {
            await WaitFor("the power-off to signal dockerd", () => Task.FromResult(File.Exists(marker) || stop.HasExited), TimeSpan.FromSeconds(30));
            Assert.That(stop.HasExited, Is.False, "the stop command ended before it could be cut short");
            stop.Kill(entireProcessTree: true);
            await stop.WaitForExitAsync(ct);
        }

        var status = (await Shell($"{_dockerMachine} status {Worker}", TimeSpan.FromSeconds(10))).StandardOutput.Trim();
        var on = await manager.PowerOnAsync(Worker, ct);

        Assert.That(status, Is.AnyOf("Stopping", "Stopped"), "a machine whose engine is on its way out is not Running");
        Assert.That(on, Is.EqualTo(PowerResult.Ok(Worker)), on.Error);
        Assert.That((await Shell($"{_dockerMachine} status {Worker}", TimeSpan.FromSeconds(10))).StandardOutput.Trim(), Is.EqualTo("Running"));
        Assert.That(File.Exists(marker), Is.False, "the finished stop is no longer marked");
        var engine = $"docker -H unix://{LabDir}/{Worker}/docker.sock version --format '{{{{.Server.Version}}}}'";
        Assert.That((await Shell(engine, TimeSpan.FromSeconds(20))).Success, Is.True, "the engine answers after the power-on");
        await WaitFor($"{Worker} Ready again after the power-on", async () => (await SwarmNode(Worker)).Status?.State == "ready", TimeSpan.FromSeconds(90));
        // It must last: an old engine taken for a running one would exit moments later.
        await Task.Delay(TimeSpan.FromSeconds(8), ct);
        Assert.That((await Shell(engine, TimeSpan.FromSeconds(20))).Success, Is.True, "the engine still answers 8 s later");
        Assert.That((await SwarmNode(Worker)).Status?.State, Is.EqualTo("ready"));
    }
}
