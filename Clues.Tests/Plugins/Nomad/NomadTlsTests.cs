using System.Net.Http;
using Clues.Core.Http;
using Clues.Plugins.Nomad;
using Clues.Tests.Plugins.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using static Clues.Tests.Plugins.Nomad.NomadClusterObjects;

namespace Clues.Tests.Plugins.Nomad;

/// <summary>
/// The plugin against a Nomad agent with mutual TLS (<c>verify_https_client</c>): the agent requires a client
/// certificate its CA signed, and the plugin checks the agent's certificate against <c>NOMAD_CA_CERT</c>.
/// </summary>
[TestFixture]
public sealed class NomadTlsTests
{
    private TestCertificates _certificates = null!;

    [OneTimeSetUp]
    public void CreateCertificates() => _certificates = TestCertificates.Create();

    [OneTimeTearDown]
    public void DeleteCertificates() => _certificates.Dispose();

    private static NomadLrmsPlugin Plugin(FakeNomadApi api, params (string, string)[] settings) =>
        new(NomadLrmsPluginTests.Config(api, "/nonexistent/nomad_vnodes.info", settings), NullLogger<NomadLrmsPlugin>.Instance);

    private async Task<FakeNomadApi> AgentAsync()
    {
        var api = await FakeNomadApi.StartAsync(_certificates.Server, clientCa: _certificates);
        api.Token = "secret";
        api.AddNode(Node("wn1"));
        return api;
    }

    [Test]
    public async Task GetNodes_ClientCertificateAndCa_PresentedAndVerified()
    {
        await using var api = await AgentAsync();
        using var plugin = Plugin(api, (NomadLrmsOptions.CaFileKey, _certificates.CaFile), (NomadLrmsOptions.AclTokenKey, "secret"),
            (NomadLrmsOptions.ClientCertificateKey, _certificates.ClientCertificateFile), (NomadLrmsOptions.ClientKeyKey, _certificates.ClientKeyFile));

        Assert.That((await plugin.GetNodesAsync(CancellationToken.None)).Single().Name, Is.EqualTo("wn1"));
        Assert.That(api.LastClientCertificate, Is.EqualTo("CN=clues"), "the plugin presented its client certificate");
        Assert.That(api.Address.Scheme, Is.EqualTo("https"));
    }

    [Test]
    public async Task GetNodes_NoClientCertificate_AFailureNamingTheSettings()
    {
        await using var api = await AgentAsync();
        using var plugin = Plugin(api, (NomadLrmsOptions.CaFileKey, _certificates.CaFile), (NomadLrmsOptions.AclTokenKey, "secret"));

        var error = Assert.ThrowsAsync<RestApiException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(error!.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(error.Message, Does.Contain("/v1/nodes").And.Contain("NOMAD_SERVER_CERT"), error.Message);
        Assert.That(api.Requests, Is.Empty, "the agent served nothing");
    }

    [Test]
    public async Task GetNodes_ClientCertificateOfAnotherCa_Refused()
    {
        await using var api = await AgentAsync();
        using var other = TestCertificates.Create();
        using var plugin = Plugin(api, (NomadLrmsOptions.CaFileKey, _certificates.CaFile), (NomadLrmsOptions.AclTokenKey, "secret"),
            (NomadLrmsOptions.ClientCertificateKey, other.ClientCertificateFile), (NomadLrmsOptions.ClientKeyKey, other.ClientKeyFile));

        Assert.ThrowsAsync<RestApiException>(() => plugin.GetNodesAsync(CancellationToken.None));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public async Task GetNodes_NoCaFile_AgentOfAnUnknownCaRefused()
    {
        await using var api = await AgentAsync();
        using var plugin = Plugin(api, (NomadLrmsOptions.AclTokenKey, "secret"),
            (NomadLrmsOptions.ClientCertificateKey, _certificates.ClientCertificateFile), (NomadLrmsOptions.ClientKeyKey, _certificates.ClientKeyFile));

        var error = Assert.ThrowsAsync<RestApiException>(() => plugin.GetNodesAsync(CancellationToken.None), "FIX: CLUES did not verify the agent without a CA");

        Assert.That(error!.Message, Does.Contain("NOMAD_CA_CERT"));
        Assert.That(api.Requests, Is.Empty, "no request, so no token, reached the agent");
    }

    [Test]
    public async Task GetNodes_InsecureSkipVerify_StillPresentsTheClientCertificate()
    {
        await using var api = await AgentAsync();
        using var plugin = Plugin(api, (NomadLrmsOptions.InsecureKey, "true"), (NomadLrmsOptions.AclTokenKey, "secret"),
            (NomadLrmsOptions.ClientCertificateKey, _certificates.ClientCertificateFile), (NomadLrmsOptions.ClientKeyKey, _certificates.ClientKeyFile));

        Assert.That(await plugin.GetNodesAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }
}
