using System.Net;
using System.Net.Sockets;
using System.Text;
using Clues.DockerWrapper.Configuration;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// The wrapper's listener against clients that lie about bodies, paths and time, in process and with no engine
/// behind it (a forwarded request would get a 502; captured ones never reach the engine).
/// </summary>
[TestFixture]
public sealed class HostileClientTests
{
    private const string NoEngine = "unix:///nonexistent/docker.sock";

    [Test, CancelAfter(60_000)]
    public async Task Create_ChunkedBodyOverTheLimit_400AndNothingStored(CancellationToken ct)
    {
        await using var wrapper = await WrapperUnderTest.StartAsync(NoEngine, DispatchMode.Container);
        using var client = await RawHttpClient.ConnectAsync(wrapper.Endpoint, ct);
        await client.SendAsync("POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", ct);
        var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('a', 0x10000) + "\r\n");

        var response = client.ReadResponseAsync(ct);
        for (var sent = 0; sent < 16 * 1024 * 1024 && !response.IsCompleted; sent += chunk.Length)
        {
            try
            {
                await client.SendAsync(chunk, ct);
            }
            catch (SocketException)
            {
                break;
            }
        }

        Assert.That(await response, Does.StartWith("HTTP/1.1 400 ").And.Contain("body larger than"));
        Assert.That(wrapper.Jobs.List(), Is.Empty);
    }

    [TestCase("/v1.41/containers/%63reate")]
    [TestCase("/v1.41//containers/./create")]
    [TestCase("/V1.41/containers/x/../create")]
    public async Task Create_EncodedPath_CapturedAsAJob(string target)
    {
        using var cts = new CancellationTokenSource(30_000);
        await using var wrapper = await WrapperUnderTest.StartAsync(NoEngine, DispatchMode.Container);
        using var client = await RawHttpClient.ConnectAsync(wrapper.Endpoint, cts.Token);
        const string body = """{"Image":"busybox","Cmd":["true"]}""";

        await client.SendAsync($"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}", cts.Token);

        Assert.That(await client.ReadResponseAsync(cts.Token), Does.StartWith("HTTP/1.1 201 "));
        Assert.That(wrapper.Jobs.List().Select(j => j.Image), Is.EqualTo(new[] { "busybox" }));
    }

    [TestCase("POST /v1.41/containers/a%2Fb/start HTTP/1.1\r\nHost: x\r\n\r\n", TestName = "Request_EncodedSlash_400")]
    [TestCase("POST http://x/v1.41/containers/create HTTP/1.1\r\nHost: x\r\n\r\n", TestName = "Request_AbsoluteForm_400")]
    [TestCase("POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", TestName = "Request_BothFramings_400")]
    [TestCase("POST /v1.41/build HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", TestName = "Request_UnknownCoding_400")]
    [TestCase("GET /_ping HTTP/1.1\r\nHost: x\r\nX: a\nTransfer-Encoding: chunked\r\n\r\n", TestName = "Request_BareLfInHead_400")]
    public async Task Request_Ambiguous_400NotForwarded(string request)
    {
        using var cts = new CancellationTokenSource(30_000);
        await using var wrapper = await WrapperUnderTest.StartAsync(NoEngine, DispatchMode.Container);
        using var client = await RawHttpClient.ConnectAsync(wrapper.Endpoint, cts.Token);

        await client.SendAsync(request, cts.Token);

        // A forward would be a 502 (no engine); a capture a 201.
        Assert.That(await client.ReadResponseAsync(cts.Token), Does.StartWith("HTTP/1.1 400 "));
        Assert.That(wrapper.Jobs.List(), Is.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task SlowLoris_HeadsNeverFinished_ClosedAfterTheTimeoutWhileOthersAreServed(CancellationToken ct)
    {
        await using var wrapper = await WrapperUnderTest.StartAsync(NoEngine, DispatchMode.Container,
            configure: o => o with { HeaderTimeout = TimeSpan.FromSeconds(2) });
        var slow = new List<RawHttpClient>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var client = await RawHttpClient.ConnectAsync(wrapper.Endpoint, ct);
                slow.Add(client);
                await client.SendAsync(i % 2 == 0 ? "POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\n" : "G", ct);
            }
            // Closed right after: its kept-alive connection, idle for longer than HEADER_TIMEOUT on a slow machine, would
            // otherwise be counted among the timeouts too.
            using (var http = new HttpClient { BaseAddress = wrapper.BaseAddress })
            {
                Assert.That(await http.GetStringAsync("jobs/num", ct), Is.EqualTo("0"), "served while the slow ones wait");
            }

            var closed = await Task.WhenAll(slow.Select(c => c.IsClosedByServerAsync(ct)));

            Assert.That(closed, Is.All.True);
            using var metricsClient = new HttpClient { BaseAddress = wrapper.BaseAddress };
            var metrics = await metricsClient.GetStringAsync("metrics", ct);
            Assert.That(metrics, Does.Contain("docker_wrapper_header_timeouts_total 50\n"));
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task ConnectionCap_Reached_ExtraRefusedWith503AndEstablishedStillServed(CancellationToken ct)
    {
        await using var wrapper = await WrapperUnderTest.StartAsync(NoEngine, DispatchMode.Container,
            configure: o => o with { MaxConnections = 5 });
        var established = new List<RawHttpClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = await RawHttpClient.ConnectAsync(wrapper.Endpoint, ct);
                established.Add(client);
                await client.SendAsync("GET /jobs/num HTTP/1.1\r\nHost: x\r\n\r\n", ct);
                Assert.That(await client.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 200 "));
            }

            using (var extra = await RawHttpClient.ConnectAsync(wrapper.Endpoint, ct))
            {
                Assert.That(await extra.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 503 ").And.Contain("too many connections"));
            }
            foreach (var client in established)
            {
                await client.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", ct);
                Assert.That(await client.ReadResponseAsync(ct), Does.StartWith("HTTP/1.1 200 ")
                    .And.Contain("docker_wrapper_connections_active 5\n").And.Contain("docker_wrapper_connections_refused_total 1\n"));
            }

            established[0].Dispose();
            established.RemoveAt(0);
            await E2E.Until.TrueAsync("a freed slot", TimeSpan.FromSeconds(10), async () =>
            {
                using var again = await RawHttpClient.ConnectAsync(wrapper.Endpoint, ct);
                await again.SendAsync("GET /jobs/num HTTP/1.1\r\nHost: x\r\n\r\n", ct);
                return (await again.ReadResponseAsync(ct))?.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) == true;
            }, ct);
        }
        finally
        {
            established.ForEach(c => c.Dispose());
        }
    }
}
