using Clues.Core.Config;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.Docker.Machines;
using Clues.Plugins.DockerMachine;
using Clues.Plugins.DockerMachine.Swarm;
using Clues.Tests.Core.Power.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Plugins.DockerMachine;

[TestFixture]
public sealed class DockerMachinePowerManagerTests
{
    private ScriptDirectory _dir = null!;
    private Mock<ISwarmNodeControl> _swarm = null!;
    private List<string> _calls = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new ScriptDirectory();
        _calls = [];
        _swarm = new Mock<ISwarmNodeControl>(MockBehavior.Strict);
        _swarm.Setup(s => s.SetAvailabilityAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((node, availability, _) => _calls.Add(availability + " " + node))
            .ReturnsAsync(true);
        ActiveTasks(0);
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private void ActiveTasks(params int[] counts)
    {
        var queue = new Queue<int>(counts);
        _swarm.Setup(s => s.CountActiveTasksAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback(() => _calls.Add("count"))
            .ReturnsAsync(() => queue.Count > 1 ? queue.Dequeue() : queue.Peek());
    }

    private DockerMachinePowerManager Manager(string? on = null, string? off = null, IMachineStateSource? machines = null)
    {
        var options = new DockerMachineOptions
        {
            Commands = new CommandLinePowerOptions
            {
                Section = DockerMachineOptions.Section,
                PowerOnCommand = on ?? $"sh {_dir.Recorder()} start %%h",
                PowerOffCommand = off ?? $"sh {_dir.Recorder()} stop %%h",
                Timeout = TimeSpan.FromSeconds(5),
            },
            MachineListCommand = "",
            DrainTimeout = TimeSpan.FromMilliseconds(300),
            DrainPoll = TimeSpan.FromMilliseconds(20),
        };
        return new DockerMachinePowerManager(options, _swarm.Object, machines, NullLogger.Instance, TimeProvider.System);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_IdleNode_PausesConfirmsDrainsThenStops(CancellationToken ct)
    {
        var result = await Manager().PowerOffAsync("worker-01", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_calls, Is.EqualTo(new[] { "pause worker-01", "count", "drain worker-01" }));
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "stop", "worker-01" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_TasksEndWhileWaiting_StopsAfterwards(CancellationToken ct)
    {
        ActiveTasks(2, 1, 0);

        var result = await Manager().PowerOffAsync("worker-01", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_calls.Count(c => c == "count"), Is.EqualTo(3));
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "stop", "worker-01" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_WorkRemains_SetsActiveAgainAndFailsWithoutStopping(CancellationToken ct)
    {
        ActiveTasks(1);

        var result = await Manager().PowerOffAsync("worker-01", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("still runs tasks").And.Contain("DMACHINE_DRAIN_TIMEOUT"));
        Assert.That(_calls.First(), Is.EqualTo("pause worker-01"));
        Assert.That(_calls.Last(), Is.EqualTo("active worker-01"));
        Assert.That(_calls, Does.Not.Contain("drain worker-01"));
        Assert.That(_dir.Recorded(), Is.Null, "the machine must not be stopped while a job runs");
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_ManagerUnreachable_FailsWithoutStopping(CancellationToken ct)
    {
        _swarm.Setup(s => s.SetAvailabilityAsync("worker-01", "pause", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection refused"));

        var result = await Manager().PowerOffAsync("worker-01", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("connection refused"));
        Assert.That(_dir.Recorded(), Is.Null);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_StopCommandFails_SetsActiveAgain(CancellationToken ct)
    {
        var result = await Manager(off: "echo 'Host does not exist' >&2; exit 1").PowerOffAsync("worker-01", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("Host does not exist"));
        Assert.That(_calls.Last(), Is.EqualTo("active worker-01"));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_NodeNotInSwarm_StopsWithoutWaiting(CancellationToken ct)
    {
        _swarm.Setup(s => s.SetAvailabilityAsync("ghost", "pause", It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var result = await Manager().PowerOffAsync("ghost", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_calls, Does.Not.Contain("count"));
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "stop", "ghost" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_Success_StartsThenSetsActive(CancellationToken ct)
    {
        var result = await Manager().PowerOnAsync("worker-02", ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(_dir.Recorded(), Is.EqualTo(new[] { "start", "worker-02" }));
        Assert.That(_calls, Is.EqualTo(new[] { "active worker-02" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_StartFails_LeavesSwarmAlone(CancellationToken ct)
    {
        var result = await Manager(on: "exit 2").PowerOnAsync("worker-02", ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("code 2"));
        Assert.That(_calls, Is.Empty);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_ActivationFails_SucceedsAndLifecycleRetries(CancellationToken ct)
    {
        _swarm.SetupSequence(s => s.SetAvailabilityAsync("worker-02", "active", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("manager busy"))
            .ReturnsAsync(true);
        var manager = Manager();

        var result = await manager.PowerOnAsync("worker-02", ct);
        await ((Clues.Core.Power.IPowerManager)manager).LifecycleAsync(ct);

        Assert.That(result.Success, Is.True);
        _swarm.Verify(s => s.SetAvailabilityAsync("worker-02", "active", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOnAsync_MachineAlreadyRunning_SkipsCommandButActivates(CancellationToken ct)
    {
        var machines = new Mock<IMachineStateSource>();
        machines.Setup(m => m.GetStatesAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, string> { ["worker-02"] = "Running" });

        var result = await Manager(machines: machines.Object).PowerOnAsync("worker-02", ct);

        Assert.That(result.Success, Is.True);
        Assert.That(_dir.Recorded(), Is.Null);
        Assert.That(_calls, Is.EqualTo(new[] { "active worker-02" }));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOffAsync_MachineAlreadyStopped_DoesNothing(CancellationToken ct)
    {
        var machines = new Mock<IMachineStateSource>();
        machines.Setup(m => m.GetStatesAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, string> { ["worker-01"] = "Stopped" });

        var result = await Manager(machines: machines.Object).PowerOffAsync("worker-01", ct);

        Assert.That(result.Success, Is.True);
        Assert.That(_calls, Is.Empty);
        Assert.That(_dir.Recorded(), Is.Null);
    }

    [Test]
    public void Read_ThesisKeys_KeepCommandsRaw()
    {
        var config = new CluesConfig();
        config.Set("DMACHINE", "DMACHINE_CMDLINE_POWON", "/usr/local/bin/docker-machine start %%h");

        var options = DockerMachineOptions.Read(config);

        Assert.That(options.Commands.PowerOnCommand, Is.EqualTo("/usr/local/bin/docker-machine start %%h"));
        Assert.That(options.Commands.PowerOffCommand, Is.EqualTo("docker-machine stop %%h"));
        Assert.That(options.Commands.HostsFile, Is.Null);
        Assert.That(options.MachineListCommand, Is.EqualTo("docker-machine ls --format '{{.Name}} {{.State}}'"));
    }
}
