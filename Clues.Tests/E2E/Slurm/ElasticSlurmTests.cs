using System.Globalization;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Clues.Tests.E2E.Slurm;

/// <summary>
/// CLUES keeping a real Slurm cluster elastic, end to end: the Slurm lab (slurmctld + 3 slurmd nodes of 2 CPUs in
/// network namespaces on 10.233.0.0/24), a real clues-host process with <c>cluesplugins.slurm</c> and
/// <c>cluesplugins.commandline</c> calling the lab's node-start/node-stop, jobs submitted with the real
/// clues-slurm-wrapper in front of the real sbatch.
/// </summary>
[TestFixture, Category("E2E"), Category("Slurm"), NonParallelizable]
public sealed class ElasticSlurmTests
{
    private static readonly string[] s_nodes = ["slab1", "slab2", "slab3"];

    private readonly SlurmLab _lab = new(nodes: 3);
    private readonly TimeProvider _time = TimeProvider.System;
    private ElasticSlurm? _cluster;

    [OneTimeSetUp]
    public Task OneTimeSetUp() => _lab.UpAsync();

    [OneTimeTearDown]
    public Task OneTimeTearDown() => _lab.DownAsync();

    [TearDown]
    public async Task TearDown()
    {
        if (_cluster is null)
        {
            return;
        }
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        if (failed)
        {
            await TestContext.Out.WriteLineAsync(_cluster.Describe());
        }
        await _cluster.DisposeAsync();
        if (!failed)
        {
            _cluster.DeleteWorkDirectory();
        }
        _cluster = null;
    }

    [Test, CancelAfter(120_000)]
    public async Task ColdStart_EveryNodeOff_AWrappedJobPowersOneNodeOnRunsThereAndTheNodeGoesOffAgain(CancellationToken ct)
    {
        _cluster = await ElasticSlurm.StartAsync(_lab, [], E2EConfig.Settings(("scheduling", "IDLE_TIME", "8")), ct);
        await _cluster.WaitForCluesAsync("CLUES to see every node off", TimeSpan.FromSeconds(20), n => s_nodes.All(s => n[s] == "off"), ct);

        // The job's second line is when it ran, for the latency split.
        var job = await _cluster.SubmitAsync(ct, "--wrap", "hostname; date +%s.%N");

        await Until.TrueAsync($"job {job.Id}'s output file", TimeSpan.FromSeconds(60),
            () => Task.FromResult(File.Exists(job.OutputFile) && File.ReadAllLines(job.OutputFile).Length >= 2), ct, _cluster.Describe);
        var output = File.ReadAllLines(job.OutputFile);
        var ranOn = output[0];
        var poweredOn = s_nodes.Where(n => _cluster.CluesStatesOf(n).Contains("powon")).ToList();
        Assert.That(poweredOn, Is.EqualTo(new[] { ranOn }), $"exactly the node the job ran on is powered on\n{_cluster.Describe()}");
        Assert.That(job.WrapperError, Is.Empty, "the announcement succeeded");

        var jobStarted = DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(output[1], CultureInfo.InvariantCulture) * 1000));
        await LogTimes.LineAsync("CLUES' log to record the power-on command's result", () => _cluster.CluesLog, ct,
            $"Power command for node {ranOn} succeeded");
        var split = SlurmLatencySplit.From(_cluster, job, ranOn, jobStarted);
        await TestContext.Out.WriteLineAsync(split.ToString());
        await TestContext.Progress.WriteLineAsync("E2E Slurm cold start: " + split);

        // IDLE_TIME=8: the node goes off again once the job is done.
        await _cluster.WaitForCluesAsync($"{ranOn} powered off again after IDLE_TIME", TimeSpan.FromSeconds(60), n => n[ranOn] == "off", ct);
        Assert.That(await _lab.NodeStatusAsync(ranOn), Is.EqualTo("Stopped"), "CLUES' power-off ran the lab's node-stop");
    }

    [Test, CancelAfter(120_000)]
    public async Task MoreCpusThanTheRunningNodesHave_PowersOnTheMissingNodesOnly(CancellationToken ct)
    {
        _cluster = await ElasticSlurm.StartAsync(_lab, ["slab1"], E2EConfig.Settings(("scheduling", "IDLE_TIME", "120")), ct);
        await _cluster.WaitForCluesAsync("CLUES to see slab1 idle and the others off", TimeSpan.FromSeconds(20),
            n => n["slab1"] == "idle" && n["slab2"] == "off" && n["slab3"] == "off", ct);

        // 4 tasks of 1 CPU: slab1 has 2 CPUs, so exactly one more 2-CPU node is needed.
        var job = await _cluster.SubmitAsync(ct, "--ntasks=4", "--wrap", "srun hostname | sort");

        await Until.TrueAsync($"job {job.Id}'s output (4 lines)", TimeSpan.FromSeconds(60),
            () => Task.FromResult(File.Exists(job.OutputFile) && File.ReadAllLines(job.OutputFile).Length >= 4), ct, _cluster.Describe);
        var hosts = File.ReadAllLines(job.OutputFile).Distinct().ToList();
        var poweredOn = s_nodes.Where(n => _cluster.CluesStatesOf(n).Contains("powon")).ToList();
        Assert.That(poweredOn, Has.Count.EqualTo(1), $"one node is missing, one is powered on\n{_cluster.Describe()}");
        Assert.That(hosts, Is.EquivalentTo(new[] { "slab1", poweredOn[0] }), "the job ran on slab1 and the node powered on for it");
        var untouched = s_nodes.Single(n => n != "slab1" && n != poweredOn[0]);
        Assert.That(_cluster.CluesStatesOf(untouched), Is.EqualTo(new[] { "off" }), $"{untouched} is not needed and stays off");
    }

    [Test, CancelAfter(150_000)]
    public async Task Safety_ANodeRunningALongJobStaysOn_OthersAreDrainedBeforePowerOffAndUndrainedOnPowerOn(CancellationToken ct)
    {
        _cluster = await ElasticSlurm.StartAsync(_lab, s_nodes, E2EConfig.Settings(("scheduling", "IDLE_TIME", "6")), ct);
        var job = await _cluster.SubmitAsync(ct, "--nodelist=slab1", "--wrap", "sleep 300");
        await Until.TrueAsync($"job {job.Id} running on slab1", TimeSpan.FromSeconds(30),
            async () => (await _lab.JobAsync(job.Id)).GetValueOrDefault("JobState") == "RUNNING", ct, _cluster.Describe);

        await _cluster.WaitForCluesAsync("slab2 and slab3 powered off", TimeSpan.FromSeconds(60), n => n["slab2"] == "off" && n["slab3"] == "off", ct);
        // Past IDLE_TIME several times over: slab1 must still be on, its job running.
        await Task.Delay(TimeSpan.FromSeconds(10), _time, ct);

        Assert.That(_cluster.CluesStatesOf("slab1"), Has.None.AnyOf("powoff", "off"), _cluster.Describe());
        Assert.That((await _lab.JobAsync(job.Id)).GetValueOrDefault("JobState"), Is.EqualTo("RUNNING"));
        foreach (var node in new[] { "slab2", "slab3" })
        {
            // Drained in Slurm before its slurmd stopped: no job can be scheduled onto a node being switched off.
            var slurm = _cluster.SlurmStatesOf(node);
            var drained = slurm.ToList().FindIndex(s => s.Contains("DRAIN", StringComparison.Ordinal));
            var stopped = slurm.ToList().FindIndex(s => s.Contains("NOT_RESPONDING", StringComparison.Ordinal) || s.StartsWith("DOWN", StringComparison.Ordinal));
            Assert.That(drained, Is.GreaterThanOrEqualTo(0), $"{node} drained in Slurm before power-off: {string.Join(" -> ", slurm)}");
            Assert.That(stopped < 0 || drained < stopped, $"{node} drained before it stopped answering: {string.Join(" -> ", slurm)}");
        }

        // Power-on undoes the drain: the node comes back IDLE, schedulable.
        await _cluster.PowerOnAsync("slab2", ct);
        await Until.TrueAsync("slab2 IDLE (not drained) in Slurm after power-on", TimeSpan.FromSeconds(45),
            async () => (await _lab.NodeStatesAsync())["slab2"] == "IDLE", ct, _cluster.Describe);
        await _lab.SlurmAsync("scancel", job.Id);
    }

    [Test, CancelAfter(120_000)]
    public async Task Failure_ANodeWhosePowerOnFailsGoesOffErr_AnotherNodeServesTheJob(CancellationToken ct)
    {
        // slab1's power-on command fails (exit 1); the others' work.
        var powerOn = $"[ %%h = slab1 ] && exit 1; bash {SlurmLab.Script} node-start %%h";
        _cluster = await ElasticSlurm.StartAsync(_lab, [], E2EConfig.Settings(
            ("COMMANDLINE", "COMMANDLINE_CMDLINE_POWON", powerOn), ("scheduling", "IDLE_TIME", "120"), ("scheduling", "RETRIES_POWER_ON", "1")), ct);
        await _cluster.WaitForCluesAsync("CLUES to see every node off", TimeSpan.FromSeconds(20), n => s_nodes.All(s => n[s] == "off"), ct);

        // Two nodes: slab1 is among the first CLUES picks.
        var job = await _cluster.SubmitAsync(ct, "--nodes=2", "--wrap", "srun hostname | sort");

        await Until.TrueAsync($"job {job.Id}'s output (2 lines)", TimeSpan.FromSeconds(90),
            () => Task.FromResult(File.Exists(job.OutputFile) && File.ReadAllLines(job.OutputFile).Length >= 2), ct, _cluster.Describe);
        Assert.That(_cluster.CluesStatesOf("slab1"), Does.Contain("off (err)"), _cluster.Describe());
        Assert.That(File.ReadAllLines(job.OutputFile), Is.EqualTo(new[] { "slab2", "slab3" }), "the other nodes serve the job");
        Assert.That(await _lab.NodeStatusAsync("slab1"), Is.EqualTo("Stopped"));
    }

    [Test, CancelAfter(90_000)]
    public async Task SlurmStatesCluesGotWrong_MixedAndAllocatedAreUsed_IdleIsIdle(CancellationToken ct)
    {
        _cluster = await ElasticSlurm.StartAsync(_lab, s_nodes, E2EConfig.Settings(("scheduling", "IDLE_TIME", "600")), ct);
        // grycap/clues#14: CLUES 2.3 reported a MIXED node (some CPUs used) as off.
        var mixed = await _cluster.SubmitAsync(ct, "--nodelist=slab1", "--ntasks=1", "--wrap", "sleep 120");
        var allocated = await _cluster.SubmitAsync(ct, "--nodelist=slab2", "--ntasks=2", "--wrap", "sleep 120");
        await Until.TrueAsync("slab1 MIXED and slab2 ALLOCATED in Slurm", TimeSpan.FromSeconds(30), async () =>
        {
            var states = await _lab.NodeStatesAsync();
            return states["slab1"] == "MIXED" && states["slab2"] == "ALLOCATED" && states["slab3"] == "IDLE";
        }, ct, _cluster.Describe);

        await _cluster.WaitForCluesAsync("CLUES: slab1 used, slab2 used, slab3 idle", TimeSpan.FromSeconds(15),
            n => n["slab1"] == "used" && n["slab2"] == "used" && n["slab3"] == "idle", ct);

        await _lab.SlurmAsync("scancel", mixed.Id, allocated.Id);
    }
}
