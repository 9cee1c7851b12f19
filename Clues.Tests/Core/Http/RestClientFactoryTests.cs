using System.Net;
using Clues.Core.Http;
using Clues.Tests.Plugins.Kubernetes;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Clues.Tests.Core.Http;

/// <summary>The shared REST client setup against a server in the test process: credentials, TLS trust, errors.</summary>
[TestFixture]
public sealed class RestClientFactoryTests
{
    private static async Task<string> AuthorizationSeenAsync(RestClientOptions options, FakeKubernetesApi api)
    {
        string? seen = null;
        api.Fault = context =>
        {
            seen = context.Request.Headers.Authorization.ToString();
            return FakeKubernetesApi.StatusAsync(context, 200, "", "").ContinueWith(_ => true, TaskScheduler.Default);
        };
        using var client = RestClientFactory.Create(options);
        using var response = await client.GetAsync(new Uri("/anything", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return seen!;
    }

    [Test]
    public async Task Create_BasicAuth_SendsUserAndPassword()
    {
        await using var api = await FakeKubernetesApi.StartAsync();

        var header = await AuthorizationSeenAsync(new RestClientOptions { BaseAddress = api.Address, UserName = "clues", Password = "p:ss" }, api);

        Assert.That(header, Is.EqualTo("Basic " + Convert.ToBase64String("clues:p:ss"u8.ToArray())));
    }

    [Test]
    public async Task Create_TokenAndBasicAuth_TokenWins()
    {
        await using var api = await FakeKubernetesApi.StartAsync();

        var header = await AuthorizationSeenAsync(new RestClientOptions { BaseAddress = api.Address, BearerToken = "t0k", UserName = "u", Password = "p" }, api);

        Assert.That(header, Is.EqualTo("Bearer t0k"));
    }

    [Test]
    public async Task Create_NoCredentials_NoHeader()
    {
        await using var api = await FakeKubernetesApi.StartAsync();

        Assert.That(await AuthorizationSeenAsync(new RestClientOptions { BaseAddress = api.Address }, api), Is.Empty);
    }

    [Test]
    public async Task Send_TokenFileMissing_ClearErrorNamingTheFile()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        using var client = RestClientFactory.Create(new RestClientOptions { BaseAddress = api.Address, BearerTokenFile = "/nonexistent/token" });

        var error = Assert.ThrowsAsync<RestApiException>(() => client.GetAsync(new Uri("/x", UriKind.Relative)));

        Assert.That(error!.Message, Does.Contain("/nonexistent/token"));
        Assert.That(api.Requests, Is.Empty);
    }

    [Test]
    public void Create_CaFileWithoutCertificates_ClearErrorNamingTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            var error = Assert.Throws<ArgumentException>(() => RestClientFactory.Create(new RestClientOptions { BaseAddress = new Uri("https://localhost"), CaFile = file }));
            Assert.That(error!.Message, Does.Contain(file).And.Contain("no PEM certificate"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task ThrowIfFailed_ServerExplanation_IsShortenedAndQuoted()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Fault = async context =>
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync(new string('x', 10_000));
            return true;
        };
        using var client = RestClientFactory.Create(new RestClientOptions { BaseAddress = api.Address });
        using var response = await client.GetAsync(new Uri("/api/v1/nodes", UriKind.Relative));

        var error = Assert.ThrowsAsync<RestApiException>(() => RestApiException.ThrowIfFailedAsync(response, "test API", CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("test API: GET " + api.Address + "api/v1/nodes answered 403 Forbidden (the credentials lack the permission): xxx"));
        Assert.That(error.Message, Has.Length.LessThan(500), "a hostile server cannot fill the log");
    }
}
