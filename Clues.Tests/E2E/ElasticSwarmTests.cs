using System.Globalization;
using System.Text.Json;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Clues.Tests.E2E;

/// <summary>
/// CLUES keeping a real Docker Swarm elastic, end to end: the lab (manager + 2 workers on 10.235.0.0/24 in
/// /tmp/clues-lab-10-235-0), a real docker-wrapper process and a real clues-host process with the example
/// configuration of <c>etc/</c>, jobs sent with the real docker CLI through the wrapper, workers powered with the lab's
/// docker-machine.
/// </summary>
[TestFixture, Category("E2E"), NonParallelizable]
public sealed class ElasticSwarmTests
{
    private const string Subnet = LabSubnets.ElasticSwarm;
    private const string Image = "local/busybox:latest";
    private static readonly string[] s_workers = ["worker-01", "worker-02"];
    private static readonly string[] s_onStates = ["idle", "used"];

    private readonly SwarmLab _lab = new(workers: 2, subnetPrefix: Subnet);
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly List<string> _scratch = [];
    private ElasticSwarm? _swarm;

    [OneTimeSetUp]
    public Task OneTimeSetUp() => _lab.UpAsync();

    [OneTimeTearDown]
    public Task OneTimeTearDown() => _lab.DownAsync();

    [TearDown]
    public async Task TearDown()
    {
        if (_swarm is not null)
        {
            var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
            if (failed)
            {
                await TestContext.Out.WriteLineAsync(_swarm.Describe());
            }
            await _swarm.DisposeAsync();
            if (!failed)
            {
                _swarm.DeleteWorkDirectory();
            }
            _swarm = null;
        }
        foreach (var dir in _scratch)
        {
            Directory.Delete(dir, recursive: true);
        }
        _scratch.Clear();
    }

    [Test, CancelAfter(300_000)]
    public async Task Thesis_TwoIdleWorkersAndQueuedJobs_OneWorkerOffThenOnForTheJobsThenOffAgain(CancellationToken ct)
    {
        _swarm = await ElasticSwarm.StartAsync(_lab, Subnet, s_workers, Settings(
            ("scheduling", "IDLE_TIME", "12"), ("scheduling", "EXTRA_SLOTS_FREE", "1")), ct);

        // EXTRA_SLOTS_FREE=1: one idle worker (2 free slots) is enough, the other is powered off.
        await _swarm.WaitForCluesAsync("exactly one worker powered off", TimeSpan.FromSeconds(90),
            n => s_workers.Count(w => n[w] == "off") == 1 && s_workers.Count(w => n[w] == "idle") == 1, ct);
        var nodes = await _swarm.CluesNodesAsync(ct);
        var asleep = s_workers.Single(w => nodes[w] == "off");
        var awake = s_workers.Single(w => w != asleep);
        await Task.Delay(TimeSpan.FromSeconds(5), _time, ct);
        nodes = await _swarm.CluesNodesAsync(ct);
        Assert.That((nodes[awake], nodes[asleep]), Is.EqualTo(("idle", "off")), "the free slot must stay on and only one worker go off");

        // Three jobs of 1.5 CPUs: one fits on the awake worker, the others wait for the second one.
        var submitted = _time.GetLocalNow();
        var jobs = Enumerable.Range(1, 3).Select(i => StreamedRun.Start(_swarm.Cli, _time, ct,
            "run", "--rm", "--cpus", "1.5", Image, "sh", "-c", $"echo job-{i} start; sleep 25; echo job-{i} end")).ToList();
        await Task.WhenAll(jobs.Select(j => j.Exit)).WaitAsync(TimeSpan.FromSeconds(180), ct);

        for (var i = 0; i < jobs.Count; i++)
        {
            Assert.That((await jobs[i].Exit, jobs[i].StandardOutput), Is.EqualTo((0, $"job-{i + 1} start\njob-{i + 1} end\n")),
                $"job {i + 1}: {jobs[i].StandardError}");
        }
        Assert.That(ElasticSwarm.FirstTime(_swarm.CluesHistory, asleep, "powon", submitted), Is.Not.Null,
            $"CLUES must power {asleep} on for the waiting jobs: {string.Join(" -> ", _swarm.StatesOf(asleep))}");
        var ranOn = await JobNodesAsync(ct);
        Assert.That(ranOn, Does.Contain(asleep), $"a job must run on the worker powered on for it (jobs ran on {string.Join(", ", ranOn)})");

        // After the work, idle again: a worker goes off again.
        await _swarm.WaitForCluesAsync("a worker powered off again after the jobs", TimeSpan.FromSeconds(90),
            n => s_workers.Any(w => n[w] == "off"), ct);
    }

    [Test, CancelAfter(240_000)]
    public async Task ColdStart_AllWorkersOff_AttachedRunPowersOnAWorkerAndPrintsTheOutputAndExitCode(CancellationToken ct)
    {
        _swarm = await ElasticSwarm.StartAsync(_lab, Subnet, [], Settings(
            ("scheduling", "IDLE_TIME", "120"), ("monitoring", "PERIOD_MONITORING_NODES", "2"), ("monitoring", "PERIOD_MONITORING_JOBS", "2")), ct);
        await _swarm.WaitForCluesAsync("CLUES to see every worker off", TimeSpan.FromSeconds(30), n => s_workers.All(w => n[w] == "off"), ct);

        var run = StreamedRun.Start(_swarm.Cli, _time, ct, "run", "--rm", "--cpus", "1", Image, "sh", "-c", "echo first-output; echo second; exit 3");
        var exit = await run.Exit.WaitAsync(TimeSpan.FromSeconds(150), ct);

        Assert.That((exit, run.StandardOutput), Is.EqualTo((3, "first-output\nsecond\n")), run.StandardError);
        await Until.TrueAsync("a sample of the powered-on worker Ready in Swarm", TimeSpan.FromSeconds(15),
            () => Task.FromResult(_swarm.SwarmHistory.Any(s => s.State == "ready")), ct, _swarm.Describe);
        await LogTimes.LineAsync("CLUES' log to record the power-on command's result", () => _swarm.CluesLog, ct, "Power command for node ", " succeeded");
        var split = LatencySplit.From(_swarm, run);
        await TestContext.Out.WriteLineAsync(split.ToString());
        await TestContext.Progress.WriteLineAsync("E2E cold start: " + split);
        // The announcement makes the CLUES part (job captured -> power-on decided) shorter than one monitoring period
        // (2 s here); without it the job would wait for RECONSIDER_JOB_TIME (60 s).
        Assert.That(split.Detection + split.Decision, Is.LessThan(TimeSpan.FromSeconds(2)), split.ToString());
    }

    [Test, CancelAfter(240_000)]
    public async Task Safety_WorkerRunningALongJob_IsNeverPoweredOffPastIdleTime(CancellationToken ct)
    {
        const int idleTime = 8;
        _swarm = await ElasticSwarm.StartAsync(_lab, Subnet, s_workers, Settings(("scheduling", "IDLE_TIME", idleTime.ToString(CultureInfo.InvariantCulture))), ct);

        var started = _time.GetLocalNow();
        var id = (await _swarm.Cli.OutputAsync(ct, "run", "-d", "--cpus", "1.5", Image, "sh", "-c", "echo long-start; sleep 40; echo long-end")).Trim();
        string? busy = null;
        await Until.TrueAsync("the long job to run on a worker", TimeSpan.FromSeconds(30), async () =>
        {
            busy = (await JobsAsync(ct)).FirstOrDefault(j => j.Id == id && j.Status == "attended")?.Node;
            return busy is not null;
        }, ct, _swarm.Describe);
        var idle = s_workers.Single(w => w != busy);
        // The job runs on busy from now until at least started + 40 s (it sleeps 40 s after it started, which was
        // after `started`): that whole window must show busy on. `docker wait` returns a few seconds after the job
        // ends, by when busy may rightly be idle past IDLE_TIME and powered off.
        var runningFrom = _time.GetLocalNow();
        var runningUntil = started + TimeSpan.FromSeconds(40);
        // Followed while the job runs: once it ends, its worker may be powered off and Swarm cannot read its logs.
        var logs = _swarm.Cli.OutputAsync(ct, "logs", "-f", id);

        await _swarm.WaitForCluesAsync($"the idle worker {idle} to be powered off", TimeSpan.FromSeconds(60), n => n[idle] == "off", ct);
        Assert.That((await _swarm.Cli.OutputAsync(ct, "wait", id)).Trim(), Is.EqualTo("0"), "the long job must end normally");
        var ended = _time.GetLocalNow();

        Assert.That(ended - started, Is.GreaterThan(TimeSpan.FromSeconds(3 * idleTime)), "the job must outlive IDLE_TIME several times");
        var cluesStates = _swarm.CluesHistory.Where(s => s.Name == busy && s.At >= runningFrom && s.At <= runningUntil).Select(s => s.State).Distinct().ToList();
        Assert.That(cluesStates, Is.SubsetOf(s_onStates), $"CLUES states of {busy} while it ran the job");
        Assert.That(cluesStates, Does.Contain("used"), $"CLUES saw {busy} busy while it ran the job");
        var swarmStates = _swarm.SwarmHistory.Where(s => s.Name == busy && s.At >= runningFrom && s.At <= runningUntil).Select(s => s.State).Distinct().ToList();
        Assert.That(swarmStates, Is.EqualTo(new[] { "ready" }), $"Swarm states of {busy} while it ran the job");
        Assert.That((await logs).Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "long-start", "long-end" }));
    }

    [Test, CancelAfter(240_000)]
    public async Task Failure_PowerOnCommandFailsForOneWorker_OffErrAnotherWorkerServesTheJobAndRecoveryRetries(CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), "clues-e2e-powon-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        _scratch.Add(dir);
        // The first worker CLUES tries to power on is "broken" until the file 'repaired' exists.
        var script = Path.Combine(dir, "powon.sh");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            echo "$1" >> '{{dir}}/calls'
            [ -f '{{dir}}/broken' ] || echo "$1" > '{{dir}}/broken'
            if [ "$(cat '{{dir}}/broken')" = "$1" ] && [ ! -f '{{dir}}/repaired' ]; then
              echo "power supply of $1 failed" >&2
              exit 1
            fi
            exec {{ElasticSwarm.DockerMachine}} start "$1"
            """, ct);
        _swarm = await ElasticSwarm.StartAsync(_lab, Subnet, [], Settings(
            ("DMACHINE", "DMACHINE_CMDLINE_POWON", $"sh {script} %%h"),
            ("scheduling", "IDLE_TIME", "120"), ("scheduling", "PERIOD_RECOVERY_NODES", "8"), ("scheduling", "RETRIES_POWER_ON", "3")), ct);
        await _swarm.WaitForCluesAsync("CLUES to see every worker off", TimeSpan.FromSeconds(30), n => s_workers.All(w => n[w] == "off"), ct);

        var since = _time.GetLocalNow();
        var run = StreamedRun.Start(_swarm.Cli, _time, ct, "run", "--rm", "--cpus", "1", Image, "sh", "-c", "echo served-despite-failure");
        Assert.That(await run.Exit.WaitAsync(TimeSpan.FromSeconds(150), ct), Is.EqualTo(0), run.StandardError);
        Assert.That(run.StandardOutput, Is.EqualTo("served-despite-failure\n"));

        var broken = (await File.ReadAllTextAsync(Path.Combine(dir, "broken"), ct)).Trim();
        var other = s_workers.Single(w => w != broken);
        Assert.That(ElasticSwarm.FirstTime(_swarm.CluesHistory, broken, "off (err)", since), Is.Not.Null,
            $"{broken}'s failed power-on must leave it in off (err): {string.Join(" -> ", _swarm.StatesOf(broken))}");
        Assert.That(await JobNodesAsync(ct), Is.EqualTo(new[] { other }), "the job runs on the worker powered on instead");

        // Recovery (PERIOD_RECOVERY_NODES) puts the failed worker back to off, so that it is tried again.
        await File.WriteAllTextAsync(Path.Combine(dir, "repaired"), "", ct);
        await Until.TrueAsync($"recovery to move {broken} from off (err) back to off", TimeSpan.FromSeconds(30), () =>
        {
            var states = _swarm.StatesOf(broken).ToList();
            var err = states.IndexOf("off (err)");
            return Task.FromResult(err >= 0 && states.Skip(err + 1).Contains("off"));
        }, ct, _swarm.Describe);

        // And a retry now succeeds: the other worker is busy, a second job needs the repaired one.
        var blocker = (await _swarm.Cli.OutputAsync(ct, "run", "-d", "--cpus", "1.5", Image, "sleep", "60")).Trim();
        var second = StreamedRun.Start(_swarm.Cli, _time, ct, "run", "--rm", "--cpus", "1.5", Image, "sh", "-c", "echo on-the-repaired-worker");
        Assert.That(await second.Exit.WaitAsync(TimeSpan.FromSeconds(120), ct), Is.EqualTo(0), second.StandardError);
        Assert.That(second.StandardOutput, Is.EqualTo("on-the-repaired-worker\n"));
        Assert.That(await JobNodesAsync(ct), Does.Contain(broken), $"the second job must run on {broken}, powered on at the retry");
        await _swarm.Cli.OutputAsync(ct, "rm", "-f", blocker);
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Settings(params (string Section, string Key, string Value)[] values) =>
        E2EConfig.Settings(values);

    private async Task<IReadOnlyList<WrapperJobView>> JobsAsync(CancellationToken ct)
    {
        using var http = _swarm!.CreateWrapperClient(TimeSpan.FromSeconds(5));
        var text = await http.GetStringAsync("jobs/list", ct);
        return JsonSerializer.Deserialize<List<WrapperJobView>>(text) ?? [];
    }

    /// <summary>The distinct nodes the wrapper's jobs ran on, in name order.</summary>
    private async Task<IReadOnlyList<string>> JobNodesAsync(CancellationToken ct) =>
        (await JobsAsync(ct)).Select(j => j.Node).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
}
