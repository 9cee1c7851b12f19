using System.Net.Http;
using System.Security.Authentication;
using Clues.Plugins.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>The plugin over TLS: the cluster's CA file, the system store, and the explicit insecure switch.</summary>
[TestFixture]
public sealed class KubernetesTlsTests
{
    private TestCertificates _certificates = null!;

    [OneTimeSetUp]
    public void CreateCertificates() => _certificates = TestCertificates.Create();

    [OneTimeTearDown]
    public void DeleteCertificates() => _certificates.Dispose();

    private static KubernetesLrmsPlugin Plugin(FakeKubernetesApi api, params (string, string)[] settings) =>
        new(KubernetesLrmsPluginTests.Config(api, "/nonexistent/kubernetes_vnodes.info", settings), NullLogger<KubernetesLrmsPlugin>.Instance, TimeProvider.System);

    private async Task<FakeKubernetesApi> ServerAsync()
    {
        var api = await FakeKubernetesApi.StartAsync(_certificates.Server);
        api.Token = "secret";
        api.SetNodes(ClusterObjects.List("NodeList", ClusterObjects.Node("wn1")));
        api.SetPods(ClusterObjects.List("PodList"));
        return api;
    }

    [Test]
    public async Task GetNodes_ClusterCaFile_Verified()
    {
        await using var api = await ServerAsync();
        using var plugin = Plugin(api, (KubernetesLrmsOptions.CaFileKey, _certificates.CaFile), (KubernetesLrmsOptions.TokenKey, "secret"));

        Assert.That((await plugin.GetNodesAsync(CancellationToken.None)).Single().Name, Is.EqualTo("wn1"));
        Assert.That(api.Address.Scheme, Is.EqualTo("https"));
    }

    [Test]
    public async Task GetNodes_NoCaFile_UnknownCaIsRefused()
    {
        await using var api = await ServerAsync();
        using var plugin = Plugin(api, (KubernetesLrmsOptions.TokenKey, "secret"));

        var error = Assert.ThrowsAsync<HttpRequestException>(() => plugin.GetNodesAsync(CancellationToken.None),
            "FIX: CLUES sent its token to any server certificate");

        Assert.That(error!.InnerException, Is.InstanceOf<AuthenticationException>());
        Assert.That(api.Requests, Is.Empty, "no request, so no token, reached the server");
    }

    [Test]
    public async Task GetNodes_OtherCaFile_Refused()
    {
        await using var api = await ServerAsync();
        using var other = TestCertificates.Create();
        using var plugin = Plugin(api, (KubernetesLrmsOptions.CaFileKey, other.CaFile), (KubernetesLrmsOptions.TokenKey, "secret"));

        Assert.ThrowsAsync<HttpRequestException>(() => plugin.GetNodesAsync(CancellationToken.None));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public async Task GetNodes_InsecureSkipVerify_AcceptsAnyCertificate()
    {
        await using var api = await ServerAsync();
        using var plugin = Plugin(api, (KubernetesLrmsOptions.InsecureKey, "true"), (KubernetesLrmsOptions.TokenKey, "secret"));

        Assert.That(await plugin.GetNodesAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GetNodes_ServerRequiresClientCertificate_PresentedFromTheClientCertKeys()
    {
        await using var api = await FakeKubernetesApi.StartAsync(_certificates.Server, clientCa: _certificates);
        api.SetNodes(ClusterObjects.List("NodeList", ClusterObjects.Node("wn1")));
        api.SetPods(ClusterObjects.List("PodList"));
        using var plugin = Plugin(api, (KubernetesLrmsOptions.CaFileKey, _certificates.CaFile),
            (KubernetesLrmsOptions.ClientCertificateKey, _certificates.ClientCertificateFile), (KubernetesLrmsOptions.ClientKeyKey, _certificates.ClientKeyFile));

        Assert.That((await plugin.GetNodesAsync(CancellationToken.None)).Single().Name, Is.EqualTo("wn1"));
    }

    [Test]
    public async Task GetNodes_ServerRequiresClientCertificate_NoneSet_Refused()
    {
        await using var api = await FakeKubernetesApi.StartAsync(_certificates.Server, clientCa: _certificates);
        using var plugin = Plugin(api, (KubernetesLrmsOptions.CaFileKey, _certificates.CaFile));

        Assert.ThrowsAsync<HttpRequestException>(() => plugin.GetNodesAsync(CancellationToken.None));
        Assert.That(api.Requests, Is.Empty);
    }
}
