using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Power;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>ILrmsPlugin.PreparePowerOffAsync: asked before the power manager; a refusal or a failure keeps the node on.</summary>
[TestFixture]
public sealed class PlatformPowerOffTests
{
    private readonly Mock<ILrmsPlugin> _lrms = new(MockBehavior.Strict);
    private readonly Mock<IPowerManager> _power = new(MockBehavior.Strict);
    private readonly List<string> _calls = [];

    private Platform Platform() =>
        new(_lrms.Object, _power.Object, new GeneralOptions(), new CluesClock(new FakeTimeProvider()), NullLogger<Platform>.Instance);

    [SetUp]
    public void SetUp()
    {
        // NUnit keeps one fixture instance for all its tests.
        _calls.Clear();
        _lrms.Reset();
        _power.Reset();
        _power.Setup(p => p.PowerOffAsync("wn1", It.IsAny<CancellationToken>())).Callback(() => _calls.Add("power manager")).ReturnsAsync(PowerResult.Ok("wn1"));
        _lrms.Setup(l => l.PowerOffAsync("wn1", It.IsAny<CancellationToken>())).Callback(() => _calls.Add("lrms after")).ReturnsAsync(true);
    }

    [Test]
    public async Task PowerOff_PreparationAccepts_PrepareThenPowerManagerThenLrms()
    {
        _lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>())).Callback(() => _calls.Add("prepare")).ReturnsAsync(true);

        var result = await Platform().PowerOffAsync("wn1", CancellationToken.None);

        Assert.That(result.Success, Is.True);
        Assert.That(_calls, Is.EqualTo(new[] { "prepare", "power manager", "lrms after" }));
    }

    [Test]
    public async Task PowerOff_PreparationRefuses_PowerManagerNotCalled()
    {
        _lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var result = await Platform().PowerOffAsync("wn1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Error, Does.Contain("did not let wn1 be powered off"));
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public async Task PowerOff_PreparationThrows_PowerManagerNotCalled()
    {
        _lrms.Setup(l => l.PreparePowerOffAsync("wn1", It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("API down"));

        var result = await Platform().PowerOffAsync("wn1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(_calls, Is.Empty);
    }

    [Test]
    public async Task PowerOff_PluginWithoutTheHook_DefaultAllows()
    {
        var result = await new Platform(new PlainLrms(), _power.Object, new GeneralOptions(), new CluesClock(new FakeTimeProvider()), NullLogger<Platform>.Instance)
            .PowerOffAsync("wn1", CancellationToken.None);

        Assert.That(result.Success, Is.True);
        Assert.That(_calls, Is.EqualTo(new[] { "power manager" }));
    }

    private sealed class PlainLrms : ILrmsPlugin
    {
        public string Id => "plain";

        public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<NodeInfo>>([]);
    }
}
