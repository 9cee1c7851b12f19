using Clues.Core.Power.CommandLine;
using Clues.Plugins.Docker.Machines;
using Clues.Plugins.DockerMachine;
using Clues.Plugins.DockerMachine.Swarm;
using Clues.Tests.Common;
using Clues.Tests.Core.Power.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Plugins.DockerMachine;

/// <summary>lab/docker-machine against a fake lab script that keeps machine states in files and logs its calls.</summary>
[TestFixture]
public sealed class LabDockerMachineScriptTests
{
    private ScriptDirectory _dir = null!;
    private string _prefix = null!;
    private readonly ShellCommandRunner _runner = new(TimeProvider.System);

    [SetUp]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SetUp()
    {
        _dir = new ScriptDirectory();
        var lab = _dir.Script("fake-lab.sh", $"""
            d='{_dir.Path}'
            case "$1" in
              nodes) echo worker-01; echo worker-02 ;;
              node-status) [ "$(cat "$d/state-$2" 2>/dev/null)" != FAIL ] || exit 3; cat "$d/state-$2" 2>/dev/null || echo Running ;;
              node-start) echo "node-start $2" >> "$d/calls"; echo Running > "$d/state-$2" ;;
              node-stop) echo "node-stop $2" >> "$d/calls"; echo Stopped > "$d/state-$2" ;;
              *) exit 9 ;;
            esac
            """);
        File.SetUnixFileMode(lab, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "lab", "docker-machine");
        _prefix = $"LAB_SCRIPT='{lab}' LAB_DIR=/tmp/lab-x LAB_SUBNET_PREFIX=10.232.0 {script}";
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private Task<ShellCommandResult> Run(string args, CancellationToken ct) =>
        _runner.RunAsync(_prefix + " " + args, TimeSpan.FromSeconds(10), ct);

    private string[] Calls() => File.Exists(_dir.File("calls")) ? File.ReadAllLines(_dir.File("calls")) : [];

    [Test, CancelAfter(15_000)]
    public async Task Ls_Format_RendersNameStateAndUrl(CancellationToken ct)
    {
        File.WriteAllText(_dir.File("state-worker-02"), "Stopped\n");

        var result = await Run("ls --format '{{.Name}} {{.State}} {{.URL}}'", ct);

        Assert.That(result.Success, Is.True, result.DescribeFailure());
        Assert.That(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()),
            Is.EqualTo(new[] { "worker-01 Running unix:///tmp/lab-x/worker-01/docker.sock", "worker-02 Stopped" }));
    }

    [Test, CancelAfter(15_000)]
    public async Task Ls_LabCannotTellAState_MachineIsErrorNotBlank(CancellationToken ct)
    {
        File.WriteAllText(_dir.File("state-worker-01"), "FAIL\n");
        File.WriteAllText(_dir.File("state-worker-02"), "Stopping\n");

        var result = await Run("ls --format '{{.Name}} {{.State}}'", ct);

        Assert.That(result.Success, Is.True, result.DescribeFailure());
        Assert.That(MachineList.Parse(result.StandardOutput),
            Is.EquivalentTo(new Dictionary<string, string> { ["worker-01"] = "Error", ["worker-02"] = "Stopping" }));
    }

    [Test, CancelAfter(15_000)]
    public async Task Ls_Default_IsTableTheLrmsParserReads(CancellationToken ct)
    {
        File.WriteAllText(_dir.File("state-worker-01"), "Stopped\n");

        var result = await Run("ls", ct);

        Assert.That(result.StandardOutput, Does.StartWith("NAME"));
        Assert.That(result.StandardOutput.Split('\n')[0], Does.Contain("ACTIVE").And.Contain("DRIVER").And.Contain("STATE").And.Contain("URL"));
        Assert.That(MachineList.Parse(result.StandardOutput),
            Is.EquivalentTo(new Dictionary<string, string> { ["worker-01"] = "Stopped", ["worker-02"] = "Running" }));
    }

    [Test, CancelAfter(15_000)]
    public async Task StopThenStart_MapOntoLabNodeCommands(CancellationToken ct)
    {
        var stop = await Run("stop worker-02", ct);
        var status = await Run("status worker-02", ct);
        var start = await Run("start worker-02", ct);

        Assert.That(stop.Success && start.Success, Is.True);
        Assert.That(status.StandardOutput.Trim(), Is.EqualTo("Stopped"));
        Assert.That(Calls(), Is.EqualTo(new[] { "node-stop worker-02", "node-start worker-02" }));
    }

    [Test, CancelAfter(15_000)]
    public async Task Start_AlreadyRunning_SucceedsWithoutLabCall(CancellationToken ct)
    {
        var result = await Run("start worker-01", ct);

        Assert.That(result.Success, Is.True);
        Assert.That(result.StandardOutput, Does.Contain("already running"));
        Assert.That(Calls(), Is.Empty);
    }

    [TestCase("start worker-99")]
    [TestCase("stop worker-99")]
    [TestCase("status worker-99")]
    [TestCase("inspect worker-99")]
    [CancelAfter(15_000)]
    public async Task UnknownMachine_ExitsNonZeroWithMessage(string args, CancellationToken ct)
    {
        var result = await Run(args, ct);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.StandardError, Does.Contain("Host does not exist: \"worker-99\""));
        Assert.That(Calls(), Is.Empty);
    }

    [Test, CancelAfter(15_000)]
    public async Task Inspect_KnownMachine_IsJsonWithAddressAndNotMaster(CancellationToken ct)
    {
        var result = await Run("inspect worker-02", ct);

        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var driver = json.RootElement.GetProperty("Driver");
        Assert.That(json.RootElement.GetProperty("Name").GetString(), Is.EqualTo("worker-02"));
        Assert.That(driver.GetProperty("IPAddress").GetString(), Is.EqualTo("10.232.0.12"));
        Assert.That(driver.GetProperty("SwarmMaster").GetBoolean(), Is.False);
    }

    [Test, CancelAfter(15_000)]
    public async Task UnknownCommand_ExitsNonZero(CancellationToken ct)
    {
        var result = await Run("create worker-03", ct);

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.StandardError, Does.Contain("not a docker-machine command"));
    }

    [Test, CancelAfter(20_000)]
    public async Task PowerManager_ThroughScript_StopsAndStartsTheLabMachine(CancellationToken ct)
    {
        var swarm = new Mock<ISwarmNodeControl>();
        swarm.Setup(s => s.SetAvailabilityAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        swarm.Setup(s => s.CountActiveTasksAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(0);
        var options = new DockerMachineOptions
        {
            Commands = new CommandLinePowerOptions
            {
                Section = DockerMachineOptions.Section,
                PowerOnCommand = _prefix + " start %%h",
                PowerOffCommand = _prefix + " stop %%h",
                Timeout = TimeSpan.FromSeconds(10),
            },
            MachineListCommand = _prefix + " ls --format '{{.Name}} {{.State}}'",
        };
        var manager = new DockerMachinePowerManager(options, swarm.Object, null, NullLogger.Instance, TimeProvider.System);

        var off = await manager.PowerOffAsync("worker-01", ct);
        var offAgain = await manager.PowerOffAsync("worker-01", ct);
        var on = await manager.PowerOnAsync("worker-01", ct);

        Assert.That(new[] { off.Success, offAgain.Success, on.Success }, Is.All.True);
        Assert.That(Calls(), Is.EqualTo(new[] { "node-stop worker-01", "node-start worker-01" }), "the second power-off saw the machine Stopped");
        swarm.Verify(s => s.SetAvailabilityAsync("worker-01", "active", It.IsAny<CancellationToken>()), Times.Once);
    }
}
