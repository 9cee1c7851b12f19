using Clues.Core.Plugins;
using Clues.Plugins.Im;
using Clues.Tests.Plugins.Kubernetes;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Im;

/// <summary>
/// The plugin over TLS (FIX spec clues-plugins §2.14: CLUES never verified IM's certificate) and its CLUES name.
/// </summary>
[TestFixture]
public sealed class ImTlsTests
{
    private TestCertificates _certificates = null!;
    private ImTestSupport _support = null!;
    private FakeImServer _server = null!;

    [OneTimeSetUp]
    public void CreateCertificates() => _certificates = TestCertificates.Create();

    [OneTimeTearDown]
    public void DeleteCertificates() => _certificates.Dispose();

    [SetUp]
    public async Task SetUp()
    {
        _support = new ImTestSupport();
        _server = await FakeImServer.StartAsync(_certificates.Server);
        _server.Authorization = ImTestSupport.FixtureHeader;
        _server.SetVm(0, "system front ( state = 'configured' )");
        _server.InfrastructureRadl = "system wn ( net_interface.0.dns_name = 'node-#N#' )";
    }

    [TearDown]
    public async Task TearDown()
    {
        await _server.DisposeAsync();
        _support.Dispose();
    }

    [Test]
    public async Task PowerOn_ServerCertificateChainsToTheConfiguredCa_Succeeds()
    {
        using var plugin = _support.Plugin(_support.Options(_server) with { CaFile = _certificates.CaFile });

        Assert.That((await plugin.PowerOnAsync("node-1", CancellationToken.None)).Success, Is.True);
        Assert.That(_server.Address.Scheme, Is.EqualTo("https"));
        Assert.That(_server.Posted, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PowerOn_UntrustedCertificate_FailsWithoutSendingCredentials()
    {
        using var plugin = _support.Plugin(_server);

        var result = await plugin.PowerOnAsync("node-1", CancellationToken.None);

        Assert.That(result.Success, Is.False);
        Assert.That(_server.Requests, Is.Empty, "no request reached the server");
    }

    [Test]
    public async Task PowerOn_InsecureSwitch_AcceptsAnyCertificate()
    {
        using var plugin = _support.Plugin(_support.Options(_server) with { InsecureSkipVerify = true });

        Assert.That((await plugin.PowerOnAsync("node-1", CancellationToken.None)).Success, Is.True);
    }

    [Test]
    public void CluesName_ResolvesToThePowerManager()
    {
        var type = PluginRegistry.Create(null).Resolve(PluginKind.PowerManager, "cluesplugins.im", out var error);
        Assert.That(type, Is.EqualTo(typeof(ImPowerManager)), error);
    }
}
