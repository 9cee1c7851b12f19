using System.Diagnostics;
using System.Text.Json.Nodes;
using Clues.DockerWrapper.Configuration;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Integration;

/// <summary>
/// <c>docker run</c> through the wrapper against a real Swarm of two workers: jobs queue in the wrapper,
/// are dispatched in order as Swarm replicated-job services, and their output and exit codes come back.
/// Also: the wrapper killed with SIGKILL loses no job and runs none twice.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class SwarmJobsTests
{
    private const string Image = "local/busybox:latest";
    private readonly SwarmLab _lab = new(workers: 2, subnetPrefix: LabSubnets.WrapperSwarm);
    private WrapperUnderTest _wrapper = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        await _lab.UpAsync();
        _wrapper = await WrapperUnderTest.StartAsync("unix://" + _lab.ManagerSocket, DispatchMode.Auto);
        _http = new HttpClient { BaseAddress = _wrapper.BaseAddress };
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        _http?.Dispose();
        if (_wrapper is not null)
        {
            await _wrapper.DisposeAsync();
        }
        await _lab.DownAsync();
    }

    [Test, CancelAfter(120_000)]
    public async Task RunDetached_MoreJobsThanRoom_QueueAndRunInOrder(CancellationToken ct)
    {
        // Each job reserves 1.5 of a worker's 2 CPUs: two run, the third waits in the wrapper.
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await _wrapper.Cli.OutputAsync(ct, "run", "-d", "--cpus", "1.5", Image, "sh", "-c", $"echo job{i}; sleep 2")).Trim());
        }
        var snapshot = await JobsAsync(ct);
        Assert.That(ids.Select(id => Status(snapshot, id)), Has.Some.EqualTo("pending"));

        foreach (var id in ids)
        {
            Assert.That((await _wrapper.Cli.OutputAsync(ct, "wait", id)).Trim(), Is.EqualTo("0"));
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await _wrapper.Cli.OutputAsync(ct, "logs", ids[i]), Is.EqualTo($"job{i + 1}\n"));
        }
        var started = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            var inspect = JsonNode.Parse(await _wrapper.Cli.OutputAsync(ct, "inspect", id))![0]!;
            started.Add(DateTimeOffset.Parse(inspect["State"]!["StartedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(inspect["Clues"]!["Service"], Is.Not.Null);
            Assert.That(_lab.Workers, Does.Contain(inspect["Clues"]!["Node"]!.GetValue<string>()));
        }
        Assert.That(started, Is.Ordered, "FIFO: jobs start in submission order");
        var finished = await JobsAsync(ct);
        Assert.That(ids.Select(id => Status(finished, id)), Is.All.EqualTo("finished"));
    }

    [Test, CancelAfter(120_000)]
    public async Task RunAttached_SwarmJob_StreamsOutputAndReturnsExitCode(CancellationToken ct)
    {
        var result = await _wrapper.Cli.RunAsync(ct, "run", "--rm", Image, "sh", "-c", "echo out-1; echo err-1 >&2; sleep 1; echo out-2; exit 4");

        Assert.That(result.ExitCode, Is.EqualTo(4), result.StandardError);
        Assert.That(result.StandardOutput, Is.EqualTo("out-1\nout-2\n"));
        Assert.That(result.StandardError, Is.EqualTo("err-1\n"));
    }

    [Test, CancelAfter(60_000)]
    public async Task NodesList_TwoWorkers_ReportsResourcesAndRoles(CancellationToken ct)
    {
        var nodes = JsonNode.Parse(await _http.GetStringAsync("nodes/list", ct))!.AsObject();

        foreach (var worker in _lab.Workers)
        {
            var node = nodes[worker]!;
            Assert.That(node["Role"]!.GetValue<string>(), Is.EqualTo("worker"));
            Assert.That(node["State"]!.GetValue<string>(), Is.EqualTo("ready"));
            Assert.That(node["Availability"]!.GetValue<string>(), Is.EqualTo("active"));
            Assert.That(node["NanoCpus"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(node["MemoryBytes"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(node["Jobs"], Is.InstanceOf<JsonArray>());
        }
        Assert.That(nodes.Select(n => n.Value!["Availability"]!.GetValue<string>()), Does.Contain("drain"), "the manager is drained");
    }

    [Test, CancelAfter(240_000)]
    public async Task KillMinus9_WithJobsPendingAndRunning_RestartLosesNoneAndRunsNoneTwice(CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("clues-wrapper-crash-").FullName;
        var db = Path.Combine(dir, "jobs.db");
        var upstream = "unix://" + _lab.ManagerSocket;
        var wrapper = await WrapperProcess.StartAsync(upstream, db);
        var ids = new List<string>();
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                ids.Add((await wrapper.Cli.OutputAsync(ct, "run", "-d", "--cpus", "1.5", Image, "sh", "-c", $"echo crash{i}; sleep 4")).Trim());
            }
            using var http = new HttpClient { BaseAddress = wrapper.BaseAddress };
            await WaitUntilAsync(async () => (await JobsAsync(http, ct)).Count(j => j!["Status"]!.GetValue<string>() == "attended") >= 1, ct);
            var before = await JobsAsync(http, ct);
            Assert.That(before.Select(j => j!["Status"]!.GetValue<string>()), Does.Contain("pending").And.Contain("attended"));

            await wrapper.KillHardAsync();
        }
        finally
        {
            await wrapper.DisposeAsync();
        }

        await using var restarted = await WrapperProcess.StartAsync(upstream, db, wrapper.Port);
        using var http2 = new HttpClient { BaseAddress = restarted.BaseAddress };
        await WaitUntilAsync(async () => (await JobsAsync(http2, ct)).Where(j => ids.Contains(j!["Id"]!.GetValue<string>()))
            .All(j => j!["Status"]!.GetValue<string>() == "finished"), ct, TimeSpan.FromSeconds(150));
        var after = await JobsAsync(http2, ct);
        Assert.That(after.Select(j => j!["Id"]!.GetValue<string>()), Is.SupersetOf(ids), "no accepted job lost");

        // One service per job, and each service ran exactly one task.
        foreach (var id in ids)
        {
            var services = (await _lab.Manager.OutputAsync(ct, "service", "ls", "-q", "--filter", "label=clues.job.id=" + id))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(services, Has.Length.EqualTo(1), $"job {id} has one service");
            var tasks = (await _lab.Manager.OutputAsync(ct, "service", "ps", "-q", services[0])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(tasks, Has.Length.EqualTo(1), $"job {id} ran once");
            Assert.That(await restarted.Cli.OutputAsync(ct, "logs", id), Does.StartWith("crash"));
        }
    }

    private Task<JsonArray> JobsAsync(CancellationToken ct) => JobsAsync(_http, ct);

    private static async Task<JsonArray> JobsAsync(HttpClient http, CancellationToken ct) =>
        JsonNode.Parse(await http.GetStringAsync("jobs/list", ct))!.AsArray();

    private static string? Status(JsonArray jobs, string id) =>
        jobs.FirstOrDefault(j => j!["Id"]!.GetValue<string>() == id)?["Status"]?.GetValue<string>();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
            {
                Assert.Fail("condition not reached in time");
            }
            await Task.Delay(250, ct);
        }
    }
}
