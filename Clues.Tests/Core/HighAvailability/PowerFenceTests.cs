using Clues.Core.Config;
using Clues.Core.HighAvailability;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Tests.Core.Daemon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.HighAvailability;

/// <summary>
/// The fence seen from the daemon and the hook runner: a process that may no longer act issues no power command
/// and runs no hook, and leaves the node as it was (a refused command is not a failed one).
/// </summary>
[TestFixture, System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PowerFenceTests
{
    private sealed class ScriptedFence(params bool[] answers) : IActingFence
    {
        private int _next;

        public List<string> Asked { get; } = [];

        public bool MayAct(string action)
        {
            Asked.Add(action);
            return answers[Math.Min(_next++, answers.Length - 1)];
        }
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOn_FenceRefuses_NoCommandAndNodeStaysOff(CancellationToken ct)
    {
        var powerManager = new Mock<IPowerManager>();
        var fence = new ScriptedFence(false);
        await using var harness = await HarnessWithNodeAsync(powerManager, fence, NodeState.Off, ct);

        var result = await harness.Daemon.PowerOnAsync("wn1", force: true, ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("not the active one"));
        Assert.That(fence.Asked, Is.EqualTo(new[] { "power on wn1" }));
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.Off), "not OFF_ERR: nothing was tried");
        powerManager.Verify(p => p.PowerOnAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOn_FenceAllows_CommandRuns(CancellationToken ct)
    {
        var powerManager = new Mock<IPowerManager>();
        powerManager.Setup(p => p.PowerOnAsync("wn1", It.IsAny<CancellationToken>())).ReturnsAsync(PowerResult.Ok("wn1"));
        var fence = new ScriptedFence(true);
        await using var harness = await HarnessWithNodeAsync(powerManager, fence, NodeState.Off, ct);
        harness.Lrms.Setup(l => l.PowerOnAsync("wn1", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var result = await harness.Daemon.PowerOnAsync("wn1", force: true, ct);

        Assert.That(result.Success, Is.True, result.Error);
        Assert.That(fence.Asked, Is.EqualTo(new[] { "power on wn1" }));
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.PowOn));
        powerManager.Verify(p => p.PowerOnAsync("wn1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test, CancelAfter(20_000)]
    public async Task Hooks_RunOnlyWhileTheFenceAllows(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("clues-fence-hooks-").FullName;
        try
        {
            var script = Path.Combine(folder, "hook.sh");
            var log = Path.Combine(folder, "hooks.log");
            File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" >> {log}\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var options = new HooksOptions { WorkingFolder = folder, Commands = new Dictionary<string, string> { ["POWEREDON"] = script } };
            var fence = new ScriptedFence(true, false);
            var hooks = new HookRunner(options, NullLogger<HookRunner>.Instance, fence);

            hooks.Fire("POWEREDON", "wn1");
            hooks.Fire("POWEREDON", "wn2");
            await hooks.DrainAsync();

            Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { "wn1" }), "the second hook came after the lease was lost");
            Assert.That(fence.Asked, Is.EqualTo(new[] { "hook POWEREDON", "hook POWEREDON" }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<DaemonHarness> HarnessWithNodeAsync(Mock<IPowerManager> powerManager, IActingFence fence, NodeState state, CancellationToken ct)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        var harness = new DaemonHarness(time, powerManager: powerManager.Object, general: new GeneralOptions { TimeoutCommands = 10 }, fence: fence);
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", state)));
        await harness.Daemon.MonitorNodesAsync(ct);
        return harness;
    }
}
