using System.Diagnostics;
using Clues.Core.Power.CommandLine;
using NUnit.Framework;

namespace Clues.Tests.Core.Power.CommandLine;

[TestFixture]
public sealed class ShellCommandRunnerTests
{
    private ScriptDirectory _dir = null!;
    private ShellCommandRunner _runner = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new ScriptDirectory();
        _runner = new ShellCommandRunner(TimeProvider.System, TimeSpan.FromMilliseconds(500));
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_ExitZero_SucceedsWithOutput(CancellationToken ct)
    {
        var result = await _runner.RunAsync("echo out; echo err >&2", TimeSpan.FromSeconds(5), ct);

        Assert.That(result.Success, Is.True);
        Assert.That(result.StandardOutput, Is.EqualTo("out\n"));
        Assert.That(result.StandardError, Is.EqualTo("err\n"));
    }

    [Test, CancelAfter(10_000)]
    public async Task RunAsync_NonZeroExit_FailsWithCommandExitCodeAndStderrTail(CancellationToken ct)
    {
        var result = await _runner.RunAsync("echo first >&2; echo 'no such node' >&2; exit 3", TimeSpan.FromSeconds(5), ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.DescribeFailure(), Does.Contain("exited with code 3")
            .And.Contain("echo first >&2")
            .And.Contain("no such node"));
    }

    [Test, CancelAfter(10_000)]
    public void DescribeFailure_LongStderr_KeepsOnlyTheTail()
    {
        var result = new ShellCommandResult("cmd", 1, "", new string('x', 2000) + "END");

        Assert.That(result.StandardErrorTail(), Has.Length.LessThanOrEqualTo(ShellCommandResult.StandardErrorTailLength + 3)
            .And.EndsWith("END"));
    }

    [Test, CancelAfter(15_000)]
    public async Task RunAsync_Timeout_KillsShellAndItsChildren(CancellationToken ct)
    {
        // The shell starts a child that ignores SIGTERM, so only the second stage (SIGKILL to the group) stops it.
        var script = _dir.Script("hang.sh", $"""
            echo $$ > '{_dir.File("shell.pid")}'
            sh -c 'trap "" TERM; echo $$ > {_dir.File("child.pid")}; while :; do sleep 1; done' &
            wait
            """);
        var watch = Stopwatch.StartNew();

        var result = await _runner.RunAsync("sh " + script, TimeSpan.FromMilliseconds(700), ct);

        Assert.That(result.TimedOut, Is.True);
        Assert.That(result.Success, Is.False);
        Assert.That(result.DescribeFailure(), Does.Contain("timed out"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)));
        var shellPid = int.Parse(File.ReadAllText(_dir.File("shell.pid")).Trim());
        var childPid = int.Parse(File.ReadAllText(_dir.File("child.pid")).Trim());
        Assert.That(await ScriptDirectory.WaitGoneAsync(shellPid, TimeSpan.FromSeconds(3)), Is.True, "shell still alive");
        Assert.That(await ScriptDirectory.WaitGoneAsync(childPid, TimeSpan.FromSeconds(3)), Is.True, "child still alive");
    }

    [Test, CancelAfter(15_000)]
    public async Task RunAsync_Timeout_SendsSigtermFirst(CancellationToken ct)
    {
        var marker = _dir.File("terminated");
        var script = _dir.Script("graceful.sh", $"""
            trap 'echo bye > {marker}; exit 143' TERM
            while :; do sleep 0.1; done
            """);

        var result = await _runner.RunAsync("sh " + script, TimeSpan.FromMilliseconds(500), ct);

        Assert.That(result.TimedOut, Is.True);
        Assert.That(File.Exists(marker), Is.True, "the command did not get SIGTERM before being killed");
    }

    [Test, CancelAfter(15_000)]
    public async Task RunAsync_CallerCancels_KillsCommandAndThrows(CancellationToken ct)
    {
        var script = _dir.Script("long.sh", $"echo $$ > '{_dir.File("pid")}'; exec sleep 30");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = _runner.RunAsync("sh " + script, TimeSpan.FromSeconds(30), cts.Token);
        while (!File.Exists(_dir.File("pid")) || new FileInfo(_dir.File("pid")).Length == 0)
        {
            await Task.Delay(20, ct);
        }

        await cts.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        var pid = int.Parse(File.ReadAllText(_dir.File("pid")).Trim());
        Assert.That(await ScriptDirectory.WaitGoneAsync(pid, TimeSpan.FromSeconds(3)), Is.True);
    }
}
