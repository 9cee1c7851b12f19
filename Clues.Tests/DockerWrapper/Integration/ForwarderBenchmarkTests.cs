using System.Diagnostics;
using System.Net.Sockets;
using Clues.DockerWrapper.Configuration;
using Clues.Tests.Common;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// Cost of the wrapper on the pass-through path, against one real dockerd: request latency (p50/p99 over
/// 2000 keep-alive requests) and <c>docker logs</c> throughput for 100 MB of output, through vs direct.
/// Goal: under 1 ms added at p50 and at least 90 % of the direct throughput. Run with
/// <c>dotnet test --filter Category=Benchmark</c>; the numbers are printed.
/// </summary>
[TestFixture]
[Category("Benchmark")]
[Category("Docker")]
[Explicit("timed harness; run on demand")]
[NonParallelizable]
public sealed class ForwarderBenchmarkTests
{
    private const int Requests = 2000;
    private PlainDockerd _engine = null!;
    private WrapperUnderTest _wrapper = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        TestEnvironment.RequireRoot();
        TestEnvironment.RequireProgram("dockerd");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _engine = await PlainDockerd.StartAsync(cts.Token);
        _wrapper = await WrapperUnderTest.StartAsync("unix://" + _engine.Socket, DispatchMode.Container);
        for (var i = 0; i < 5; i++)
        {
            await _engine.Cli.OutputAsync(cts.Token, "create", "local/busybox:latest", "true");
        }
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        if (_wrapper is not null)
        {
            await _wrapper.DisposeAsync();
        }
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    [TestCase("/_ping")]
    [TestCase("/v1.41/containers/json?all=1")]
    [CancelAfter(120_000)]
    public async Task Latency_ThroughVsDirect_AddsUnderAMillisecondAtP50(string path, CancellationToken ct)
    {
        using var direct = UnixClient(_engine.Socket);
        using var through = new HttpClient { BaseAddress = _wrapper.BaseAddress };
        var directTimes = await MeasureAsync(direct, path, ct);
        var throughTimes = await MeasureAsync(through, path, ct);

        var added = Percentile(throughTimes, 50) - Percentile(directTimes, 50);
        TestContext.Out.WriteLine($"GET {path}: direct p50 {Percentile(directTimes, 50):F3} ms p99 {Percentile(directTimes, 99):F3} ms; " +
            $"through p50 {Percentile(throughTimes, 50):F3} ms p99 {Percentile(throughTimes, 99):F3} ms; added p50 {added:F3} ms");
        Assert.That(added, Is.LessThan(1.0));
    }

    [Test, CancelAfter(300_000)]
    public async Task LogsThroughput_100MB_ThroughIsAtLeast90PercentOfDirect(CancellationToken ct)
    {
        var id = (await _engine.Cli.OutputAsync(ct, "run", "-d", "local/busybox:latest", "sh", "-c",
            "yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz | head -c 104857600")).Trim();
        await _engine.Cli.OutputAsync(ct, "wait", id);
        double best(List<double> xs) => xs.Min();
        var directRuns = new List<double>();
        var throughRuns = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            directRuns.Add(await TimeLogsAsync(_engine.Cli, id, ct));
            throughRuns.Add(await TimeLogsAsync(_wrapper.Cli, id, ct));
        }
        var directMbps = 100 / best(directRuns);
        var throughMbps = 100 / best(throughRuns);
        TestContext.Out.WriteLine($"docker logs 100 MB: direct {directMbps:F1} MB/s ({best(directRuns):F2} s), through {throughMbps:F1} MB/s ({best(throughRuns):F2} s), ratio {throughMbps / directMbps:P0}");
        Assert.That(throughMbps / directMbps, Is.GreaterThanOrEqualTo(0.9));
    }

    private static async Task<double> TimeLogsAsync(DockerCli cli, string id, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var result = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap("sh").WithArguments(["-c", $"docker logs {id} | wc -c"])
                .WithEnvironmentVariables(cli.Environment()).WithValidation(CliWrap.CommandResultValidation.None), ct);
        var elapsed = watch.Elapsed.TotalSeconds;
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo("104857600"), $"exit {result.ExitCode}: {result.StandardError}");
        return elapsed;
    }

    private static async Task<List<double>> MeasureAsync(HttpClient client, string path, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++)
        {
            (await client.GetAsync(path, ct)).Dispose();
        }
        var times = new List<double>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            times.Add(watch.Elapsed.TotalMilliseconds);
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }
        return times;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
    }

    private static HttpClient UnixClient(string socket) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
            return new NetworkStream(s, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://docker/") };
}
