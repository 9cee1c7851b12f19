using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>ILrmsPlugin.PreparePowerOffAsync: asked before the power manager; a refusal keeps the node on.</summary>
[TestFixture]
public sealed class PreparePowerOffTests
{
    [Test, CancelAfter(10_000)]
    public async Task PowerOff_LrmsRefuses_PowerManagerNotCalledAndNodeOnErr(CancellationToken ct)
    {
        var powerManager = new Mock<IPowerManager>();
        await using var harness = await HarnessWithIdleNodeAsync(powerManager, ct);
        harness.Lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var result = await harness.Daemon.PowerOffAsync("wn1", force: true, ct);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("wn1").And.Contain("stays on"));
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.OnErr));
        powerManager.Verify(p => p.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOff_LrmsThrows_CountsAsRefusal(CancellationToken ct)
    {
        var powerManager = new Mock<IPowerManager>();
        await using var harness = await HarnessWithIdleNodeAsync(powerManager, ct);
        harness.Lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("scontrol broke"));

        var result = await harness.Daemon.PowerOffAsync("wn1", force: true, ct);

        Assert.That(result.Success, Is.False);
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.OnErr));
        powerManager.Verify(p => p.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOff_LrmsAccepts_PreparedBeforeThePowerManagerThenPowOff(CancellationToken ct)
    {
        var calls = new List<string>();
        var powerManager = new Mock<IPowerManager>();
        powerManager.Setup(p => p.PowerOffAsync("wn1", It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("power manager")).ReturnsAsync(PowerResult.Ok("wn1"));
        await using var harness = await HarnessWithIdleNodeAsync(powerManager, ct);
        harness.Lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("prepare")).ReturnsAsync(true);
        harness.Lrms.Setup(l => l.PowerOffAsync("wn1", It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("lrms power off")).ReturnsAsync(true);

        var result = await harness.Daemon.PowerOffAsync("wn1", force: true, ct);

        Assert.That(result.Success, Is.True);
        Assert.That(calls, Is.EqualTo(new[] { "prepare", "power manager", "lrms power off" }));
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.PowOff));
    }

    [Test, CancelAfter(10_000)]
    public async Task PowerOff_PowerManagerFailsAfterPrepare_LrmsPutsTheNodeBackInService(CancellationToken ct)
    {
        var calls = new List<string>();
        var powerManager = new Mock<IPowerManager>();
        powerManager.Setup(p => p.PowerOffAsync("wn1", It.IsAny<CancellationToken>()))
            .Callback(() => calls.Add("power manager")).ReturnsAsync(PowerResult.Failed("wn1", "ipmitool: timeout"));
        await using var harness = await HarnessWithIdleNodeAsync(powerManager, ct);
        harness.Lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>())).Callback(() => calls.Add("prepare")).ReturnsAsync(true);
        harness.Lrms.Setup(l => l.PowerOnAsync("wn1", It.IsAny<CancellationToken>())).Callback(() => calls.Add("lrms back in service")).ReturnsAsync(true);

        var result = await harness.Daemon.PowerOffAsync("wn1", force: true, ct);

        Assert.That(result.Success, Is.False);
        Assert.That(calls, Is.EqualTo(new[] { "prepare", "power manager", "lrms back in service" }));
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.OnErr));
        harness.Lrms.Verify(l => l.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task DefaultImplementation_Accepts()
    {
        var lrms = new Clues.Tests.Core.Persistence.ScriptedLrms();

        Assert.That(await ((Clues.Core.Lrms.ILrmsPlugin)lrms).PreparePowerOffAsync("wn1", CancellationToken.None), Is.True);
    }

    private static async Task<DaemonHarness> HarnessWithIdleNodeAsync(Mock<IPowerManager> powerManager, CancellationToken ct)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        var harness = new DaemonHarness(time, powerManager: powerManager.Object, general: new GeneralOptions { TimeoutCommands = 10 });
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", NodeState.Idle)));
        await harness.Daemon.MonitorNodesAsync(ct);
        return harness;
    }
}
