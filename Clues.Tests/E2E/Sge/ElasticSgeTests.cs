using Clues.Tests.Integration.Lab;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Clues.Tests.E2E.Sge;

/// <summary>
/// CLUES keeping a real Grid Engine cluster elastic, end to end: the SGE lab (sge_qmaster + 2 sge_execd hosts of 2
/// slots in network namespaces on 10.234.0.0/24), a real clues-host process with <c>cluesplugins.sge</c> and
/// <c>cluesplugins.commandline</c> calling the lab's node-start/node-stop, jobs submitted with the real
/// <c>qsub -jsv</c> running the real clues-sge-wrapper.
/// </summary>
[TestFixture, Category("E2E"), Category("Sge"), NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ElasticSgeTests
{
    private static readonly string[] s_nodes = ["sgelab1", "sgelab2"];

    private readonly SgeLab _lab = new(nodes: 2);
    private ElasticSge? _cluster;

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

    [Test, CancelAfter(180_000)]
    public async Task ColdStart_EveryHostOff_AJobThroughTheJsvPowersOneHostOnRunsThereAndTheHostGoesOffAgain(CancellationToken ct)
    {
        _cluster = await ElasticSge.StartAsync(_lab, [], E2EConfig.Settings(("scheduling", "IDLE_TIME", "8")), ct);
        await _cluster.WaitForCluesAsync("CLUES to see every host off", TimeSpan.FromSeconds(30), n => s_nodes.All(s => n[s] == "off"), ct);

        var job = await _cluster.SubmitAsync("coldstart", [], ["hostname"], ct);

        await Until.TrueAsync($"job {job.Id}'s output file", TimeSpan.FromSeconds(90),
            () => Task.FromResult(File.Exists(job.OutputFile) && File.ReadAllLines(job.OutputFile).Length >= 1), ct, _cluster.Describe);
        var ranOn = File.ReadAllLines(job.OutputFile)[0];
        var poweredOn = s_nodes.Where(n => _cluster.CluesStatesOf(n).Contains("powon")).ToList();
        Assert.That(poweredOn, Is.EqualTo(new[] { ranOn }), $"exactly the host the job ran on is powered on\n{_cluster.Describe()}");
        Assert.That(job.QsubError, Does.Not.Contain("clues-sge-wrapper"), "the JSV announced the job without a warning");

        // IDLE_TIME=8: the host goes off again once the job is done, its queue disabled before its execd stopped.
        await _cluster.WaitForCluesAsync($"{ranOn} powered off again after IDLE_TIME", TimeSpan.FromSeconds(90), n => n[ranOn] == "off", ct);
        // The execd tells the qmaster it goes down at the start of node-stop, so CLUES may see the host off a moment
        // before the command has finished.
        await Until.TrueAsync($"the lab's node-stop, run by CLUES' power-off, to leave {ranOn} stopped", TimeSpan.FromSeconds(30),
            async () => await _lab.NodeStatusAsync(ranOn) == "Stopped", ct, _cluster.Describe);
        var queue = _cluster.QueueStatesOf(ranOn).ToList();
        var lastUp = queue.FindLastIndex(s => s == "");
        // 'd' alone, or 'du' when the disable and the execd's going down fell within one sample.
        Assert.That(queue.Skip(lastUp + 1).FirstOrDefault(), Does.Contain("d"),
            $"after its last up state, {ranOn}'s queue was disabled before the host went down: {string.Join(" -> ", queue.Select(s => $"'{s}'"))}");
    }

    [Test, CancelAfter(150_000)]
    public async Task Safety_AHostWithSomeOfItsSlotsInUseStaysOn_TheIdleOneIsPoweredOff(CancellationToken ct)
    {
        // grycap/clues#97: a host running a job on 1 of its 2 slots was IDLE to CLUES and powered off under the job.
        _cluster = await ElasticSge.StartAsync(_lab, s_nodes, E2EConfig.Settings(("scheduling", "IDLE_TIME", "6")), ct);
        var job = await _cluster.SubmitAsync("partly", ["-q", "all.q@sgelab1"], ["sleep", "300"], ct);
        await Until.TrueAsync($"job {job.Id} running on sgelab1", TimeSpan.FromSeconds(45),
            async () => (await _lab.SgeAsync("qstat", "-s", "r")).Contains("all.q@sgelab1", StringComparison.Ordinal), ct, _cluster.Describe);

        await _cluster.WaitForCluesAsync("sgelab2 powered off", TimeSpan.FromSeconds(60), n => n["sgelab2"] == "off", ct);
        // Past IDLE_TIME several times over: sgelab1 must still be on, its job running.
        await Task.Delay(TimeSpan.FromSeconds(15), TimeProvider.System, ct);

        Assert.That(_cluster.CluesStatesOf("sgelab1"), Has.None.AnyOf("powoff", "off"), _cluster.Describe());
        Assert.That(_cluster.CluesStatesOf("sgelab1"), Does.Contain("used"));
        Assert.That(await _lab.SgeAsync("qstat", "-s", "r"), Does.Contain(job.Id), "the job still runs");
        Assert.That(await _lab.NodeStatusAsync("sgelab1"), Is.EqualTo("Running"));
        await _lab.SgeAsync("qdel", job.Id);
    }
}
