using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Power;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// ILrmsPlugin.PreparePowerOffAsync seen from the daemon: a refusal keeps the node on (ON_ERR); a power manager failure
/// after an accepted preparation gives the LRMS its power-on step. The Platform-level order is in PlatformPowerOffTests.
/// </summary>
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
        Assert.That(result.Error, Does.Contain("wn1").And.Contain("did not let"));
        Assert.That(harness.StateOf("wn1"), Is.EqualTo(NodeState.OnErr));
        powerManager.Verify(p => p.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
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

    private static async Task<DaemonHarness> HarnessWithIdleNodeAsync(Mock<IPowerManager> powerManager, CancellationToken ct)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        var harness = new DaemonHarness(time, powerManager: powerManager.Object, general: new GeneralOptions { TimeoutCommands = 10 });
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", NodeState.Idle)));
        await harness.Daemon.MonitorNodesAsync(ct);
        return harness;
    }
}
