using System.Diagnostics;
using Clues.Core.Api.XmlRpc;
using Clues.Tests.Api;
using NUnit.Framework;

namespace Clues.Tests.Host.Server;

/// <summary>
/// Round-trip latency and throughput of <c>status</c> and <c>request_create</c> with 50 concurrent XML-RPC clients
/// over loopback, alone and while one client sits in a long <c>request_wait</c>. Explicit: it measures, it does not
/// gate (run with <c>--filter FullyQualifiedName~ApiLoadBenchmark</c>).
/// </summary>
[TestFixture, Explicit("benchmark"), Category("Benchmark")]
public sealed class ApiLoadBenchmark
{
    private const int Clients = 50;
    private const int CallsPerClient = 200;

    [TestCase("status", false)]
    [TestCase("request_create", false)]
    [TestCase("status", true)]
    [TestCase("request_create", true)]
    [CancelAfter(300000)]
    public async Task RoundTrips_50Clients_ReportsLatencyAndRate(string method, bool withLongWait, CancellationToken ct)
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Pending.Add(424242);
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients + 1 });
        var client = new XmlRpcClient(http, harness.XmlRpcUrl);
        object[] args = method == "status" ? ["s3cret", ""] : ["s3cret", 1.0, 1024.0, 1L, 1L, ""];
        Task? wait = withLongWait ? client.CallAsync("request_wait", ["s3cret", 424242L, -1L], ct) : null;
        for (var i = 0; i < 200; i++)
        {
            await client.CallAsync(method, args, ct); // warm-up
        }

        var latencies = new double[Clients * CallsPerClient];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < CallsPerClient; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await client.CallAsync(method, args, ct);
                latencies[c * CallsPerClient + i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, ct)));
        total.Stop();
        Array.Sort(latencies);
        var p50 = latencies[latencies.Length / 2];
        var p99 = latencies[(int)(latencies.Length * 0.99)];
        var rate = latencies.Length / total.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"{method}{(withLongWait ? " + long request_wait" : "")}: {latencies.Length} calls, "
            + $"p50 {p50:F2} ms, p99 {p99:F2} ms, {rate:F0} req/s");
        if (wait is not null)
        {
            Assert.That(wait.IsCompleted, Is.False, "the long wait must still be waiting");
            control.Release(424242);
            await wait;
        }
        Assert.That(p99, Is.GreaterThan(0));
    }
}
