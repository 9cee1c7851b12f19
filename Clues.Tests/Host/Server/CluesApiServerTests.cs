using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clues.Core.Api;
using Clues.Core.Api.XmlRpc;
using Clues.Host.Server;
using Clues.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;

namespace Clues.Tests.Host.Server;

[TestFixture]
public sealed class CluesApiServerTests
{
    private const string Secret = "s3cret";

    private static HttpClient Client(string? bearer = Secret)
    {
        var http = new HttpClient();
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return http;
    }

    [TestCase("/")]
    [TestCase("/RPC2")]
    [CancelAfter(20000)]
    public async Task XmlRpc_OverHttp_AnswersOnBothPaths(string path, CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client(null);
        var client = new XmlRpcClient(http, new Uri(harness.BaseAddress, path));

        var version = await client.CallAsync("version", [], ct);
        var status = await client.CallAsync("status", [Secret, ""], ct);

        Assert.That(version, Is.EqualTo("2.3.0"));
        Assert.That(((object[])status)[1], Does.Contain("wn01"));
    }

    [Test, CancelAfter(20000)]
    public async Task XmlRpc_BodyOverLimit_Is413WithFault(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(new FakeCluesControl(), maxBody: 4096);
        using var http = Client(null);
        var huge = XmlRpcWriter.MethodCall("status", [new string('x', 10000), ""]);

        using var response = await http.PostAsync(harness.XmlRpcUrl, new StringContent(huge, Encoding.UTF8, "text/xml"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(body, Does.Contain("<fault>").And.Contains("larger than 4096 bytes"));
    }

    [Test, CancelAfter(20000)]
    public async Task XmlRpc_ChunkedBodyOverLimit_Is413(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(new FakeCluesControl(), maxBody: 4096);
        using var http = Client(null);
        var content = new StreamContent(new MemoryStream(new byte[20000]));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, harness.XmlRpcUrl) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request, ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test, CancelAfter(20000)]
    public async Task XmlRpc_Malformed_IsFaultWith200(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(new FakeCluesControl());
        using var http = Client(null);

        using var response = await http.PostAsync(harness.XmlRpcUrl, new StringContent("<methodCall><oops", Encoding.UTF8, "text/xml"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("<name>faultCode</name>\n<value><int>-32700</int>"));
    }

    [Test, CancelAfter(20000)]
    public async Task RequestWait_Slow_DoesNotDelayOtherCalls(CancellationToken ct)
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Pending.Add(99);
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = Client(null);
        var client = new XmlRpcClient(http, harness.XmlRpcUrl);
        var waits = Enumerable.Range(0, 4).Select(_ => client.CallAsync("request_wait", [Secret, 99L, -1L], ct)).ToArray();
        await WaitUntilAsync(() => control.Calls.Count(c => c == "wait 99 forever") == 4, ct);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await client.CallAsync("status", [Secret, ""], ct);
        }
        clock.Stop();
        control.Release(99);
        var results = await Task.WhenAll(waits);

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(results, Has.All.EqualTo(new object[] { true, true }));
    }

    [Test, CancelAfter(20000)]
    public async Task RequestWait_ClientGoesAway_WaitIsCancelled(CancellationToken ct)
    {
        var control = new FakeCluesControl();
        control.Pending.Add(5);
        var observed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Moq.Mock<ICluesControl>();
        mock.Setup(c => c.WaitRequestAsync(5, null, Moq.It.IsAny<CancellationToken>()))
            .Returns(async (long _, TimeSpan? _, CancellationToken token) =>
            {
                waiting.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    observed.TrySetResult(true);
                    throw;
                }
                return true;
            });
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = "" };
        await using var server = new CluesApiServer(options, mock.Object, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(ct);
        using (var http = new HttpClient())
        using (var gone = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var call = new XmlRpcClient(http, server.Addresses[0]).CallAsync("request_wait", ["", 5L, 0L], gone.Token);
            // The client goes away only once the server is waiting for it (a fixed pause lost that race on a busy machine).
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            gone.Cancel();
            Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        }

        Assert.That(await observed.Task.WaitAsync(TimeSpan.FromSeconds(10), ct), Is.True);
        await server.StopAsync(ct);
    }

    [Test, CancelAfter(20000)]
    public async Task JsonApi_Nodes_ListsSnapshotsWithWhy(CancellationToken ct)
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Nodes[0] = control.Nodes[0] with { Why = "has running jobs" };
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = Client();

        var nodes = await http.GetFromJsonAsync<JsonElement>(new Uri(harness.BaseAddress, "/api/nodes"), ct);

        Assert.That(nodes.GetArrayLength(), Is.EqualTo(2));
        Assert.That(nodes[0].GetProperty("name").GetString(), Is.EqualTo("wn02"));
        Assert.That(nodes[0].GetProperty("state").GetString(), Is.EqualTo("used"));
        Assert.That(nodes[0].GetProperty("why").GetString(), Is.EqualTo("has running jobs"));
        Assert.That(nodes[0].GetProperty("keywords").GetProperty("hostname").GetString(), Is.EqualTo("wn02"));
    }

    [TestCase(null)]
    [TestCase("wrong")]
    [CancelAfter(20000)]
    public async Task JsonApi_MissingOrWrongBearer_Is401(string? bearer, CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client(bearer);

        using var response = await http.GetAsync(new Uri(harness.BaseAddress, "/api/nodes"), ct);
        using var metrics = await http.GetAsync(new Uri(harness.BaseAddress, "/metrics"), ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("poweron", HttpStatusCode.OK, "node wn01 powered on")]
    [TestCase("disable", HttpStatusCode.OK, "node wn01 successfully disabled")]
    [TestCase("reset", HttpStatusCode.OK, "Node wn01 reset to idle")]
    [CancelAfter(20000)]
    public async Task JsonApi_NodeAction_CallsControl(string action, HttpStatusCode status, string message, CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client();

        using var response = await http.PostAsync(new Uri(harness.BaseAddress, $"/api/nodes/wn01/{action}"), null, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo(message));
    }

    [TestCase("/api/nodes/nope/poweron")]
    [TestCase("/api/nodes/wn01/explode")]
    [CancelAfter(20000)]
    public async Task JsonApi_UnknownNodeOrAction_Is404(string path, CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client();

        using var response = await http.PostAsync(new Uri(harness.BaseAddress, path), null, ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(harness.Control.Calls, Is.Empty);
    }

    [TestCase(0, "", "taskCount")]
    [TestCase(1, "((((((", "\"request\" is not a valid requirement: syntax error at position")]
    [CancelAfter(20000)]
    public async Task JsonApi_CreateRequest_BadCountOrExpression_Is400NamingIt(int count, string expression, string message, CancellationToken ct)
    {
        var control = new FakeCluesControl();
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = Client();

        using var response = await http.PostAsJsonAsync(new Uri(harness.BaseAddress, "/api/requests"),
            new { cpu = 1, memory = 1024, taskCount = count, request = expression }, ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("error").GetString(), Does.Contain(message));
        Assert.That(control.Created, Is.Empty);
    }

    [Test, CancelAfter(20000)]
    public async Task JsonApi_CreateRequestAndList_RoundTrips(CancellationToken ct)
    {
        var control = new FakeCluesControl();
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = Client();

        using var created = await http.PostAsJsonAsync(new Uri(harness.BaseAddress, "/api/requests"),
            new { cpu = 1.5, memory = 8589934592.0, taskCount = 2, request = "hostname==\"a\"" }, ct);
        using var bad = await http.PostAsync(new Uri(harness.BaseAddress, "/api/requests"), new StringContent("{", Encoding.UTF8, "application/json"), ct);

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64(), Is.EqualTo(1));
        var (resources, _, _) = control.Created.Single();
        Assert.That((resources.Slots, resources.Memory, resources.TaskCount), Is.EqualTo((1.5, 8589934592.0, 2)));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test, CancelAfter(20000)]
    public async Task Metrics_AfterCalls_ExposesPrometheusText(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client();
        await new XmlRpcClient(http, harness.XmlRpcUrl).CallAsync("status", [Secret, ""], ct);

        using var response = await http.GetAsync(new Uri(harness.BaseAddress, "/metrics"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("clues_nodes{state=\"used\"} 1\n").And.Contains("clues_nodes_disabled 1\n")
            .And.Contains("clues_api_calls_total{protocol=\"xmlrpc\",method=\"status\"} 1\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task StatusPage_Get_IsSelfContainedHtml(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(new FakeCluesControl());
        using var http = Client(null);

        var html = await http.GetStringAsync(harness.BaseAddress, ct);

        Assert.That(html, Does.Contain("<title>CLUES status</title>").And.Contains("api/nodes").And.Not.Contains("http"));
    }

    [Test, CancelAfter(20000)]
    public async Task AddCluesApiServer_GenericHost_StartsAndStopsWithHost(CancellationToken ct)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<ICluesControl>(FakeCluesControl.WithExampleNodes());
        builder.Services.AddCluesApiServer(new CluesApiServerOptions { Host = "127.0.0.1", Port = 0 });
        using var host = builder.Build();

        await host.StartAsync(ct);
        var address = host.Services.GetRequiredService<CluesApiServer>().Addresses[0];
        using var http = new HttpClient();
        var version = await new XmlRpcClient(http, address).CallAsync("version", [], ct);
        await host.StopAsync(ct);

        Assert.That(version, Is.EqualTo("2.3.0"));
        Assert.That(async () => await http.GetAsync(address, ct), Throws.InstanceOf<HttpRequestException>());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(10, ct);
        }
    }
}
