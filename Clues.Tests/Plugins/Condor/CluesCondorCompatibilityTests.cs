using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.Condor;
using Clues.Tests.Core.Power.CommandLine;
using NUnit.Framework;
using static Clues.Tests.Plugins.Condor.CondorTestData;

namespace Clues.Tests.Plugins.Condor;

/// <summary>
/// Every assertion of CLUES' test/test_condor.py, on its fixtures (spec plugins §5.2), with the ClassAds read from
/// their text instead of HTCondor's Python bindings, and the expected job values the spec derives from the code.
/// </summary>
[TestFixture]
public sealed class CluesCondorCompatibilityTests
{
    [TestCase(1, RequestState.Pending)]
    [TestCase(2, RequestState.Attended)]
    [TestCase(3, RequestState.Attended)]
    [TestCase(4, RequestState.Attended)]
    [TestCase(5, RequestState.Attended)]
    [TestCase(6, RequestState.Attended)]
    [TestCase(7, RequestState.Attended)]
    public void InferCluesJobState(int condor, RequestState expected) =>
        Assert.That(CondorJobReader.ToClues(condor), Is.EqualTo(expected));

    [Test]
    public void InitLrms_DefaultAndConfiguredServer()
    {
        var config = new CluesConfig();
        var byDefault = new CondorLrmsPlugin(config, TimeProvider.System);
        config.Set("HTCONDOR", "HTCONDOR_SERVER", "test_ip");
        var configured = new CondorLrmsPlugin(config, TimeProvider.System);

        Assert.That((byDefault.Id, configured.Id), Is.EqualTo(("HTCONDOR_htcondoreserver", "HTCONDOR_test_ip")));
    }

    [Test, CancelAfter(30_000)]
    public async Task RunCommand_EchoTest_ItsOutput(CancellationToken ct)
    {
        var commands = new ShellCondorCommands(new Clues.Core.Power.CommandLine.ShellCommandRunner(TimeProvider.System), TimeSpan.FromSeconds(10));

        Assert.That(await commands.RunAsync("echo test", ct), Is.EqualTo("test\n"));
    }

    [Test, CancelAfter(30_000)]
    public void RunCommand_NonZeroExit_Throws()
    {
        using var scripts = new ScriptDirectory();
        var failing = scripts.Script("fail.sh", "echo test; echo error >&2; exit 1");
        var commands = new ShellCondorCommands(new Clues.Core.Power.CommandLine.ShellCommandRunner(TimeProvider.System), TimeSpan.FromSeconds(10));

        var ex = Assert.ThrowsAsync<CondorCommandException>(() => commands.RunAsync("sh " + failing, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("exited with code 1").And.Contain("error"));
    }

    [Test]
    public async Task GetJobInfoList_TwoJobsOfTheFixtures()
    {
        // test_condor.py: the schedd of schedulers.txt answers job0.txt and job1.txt.
        var plugin = Plugin("", CluesFixture("job0.txt") + "\n" + CluesFixture("job1.txt"));

        var jobs = await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs, Has.Count.EqualTo(2));
        Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(new[] { "2.0", "2.1" }));
        foreach (var job in jobs)
        {
            Assert.That((job.State, job.Resources.Slots, job.Resources.Memory, job.Resources.TaskCount), Is.EqualTo((RequestState.Attended, 1.0, 1.0, 1)));
            Assert.That(job.NodeIds, Is.Empty);
            Assert.That(job.Resources.Expressions, Is.EqualTo(new[] { "\"default\" in queues" }));
        }
    }

    [Test]
    public async Task GetNodeInfoList_TheWorkerNodeOfTheFixture()
    {
        var plugin = Plugin(CluesFixture("workernodes.txt"), CluesFixture("job0.txt") + CluesFixture("job1.txt"));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(CluesString), Is.EqualTo(new[] { "[NODE \"wn1.condor.vagrant\"] state: used, 1/1 (free slots), 457/457 (mem)" }));
        Assert.That(nodes[0].Keywords["hostname"], Is.EqualTo(KeywordValue.FromString("wn1.condor.vagrant")));
        Assert.That(nodes[0].Keywords["queues"].ToPythonRepr(), Is.EqualTo("['default']"));
    }

    [Test]
    public void Fixtures_AllReadAsClassAds()
    {
        var scheduler = ClassAdReader.Read(CluesFixture("schedulers.txt"), "schedulers.txt").Single();
        var worker = ClassAdReader.Read(CluesFixture("workernodes.txt"), "workernodes.txt").Single();
        var job2 = ClassAdReader.Read(CluesFixture("job2.txt"), "job2.txt").Single();

        Assert.That(scheduler.GetString("Name"), Is.EqualTo("master.condor.vagrant"));
        Assert.That(scheduler.GetString("MyAddress"), Is.EqualTo("<192.168.0.203:18007?addrs=192.168.0.203-18007>"));
        Assert.That(worker.GetString("AddressV1"), Does.StartWith("{[ p=\"primary\"; a=\"192.168.0.204\""));
        Assert.That(worker.GetNumber("TotalCpus"), Is.EqualTo(1.0));
        Assert.That(worker.Expression("MachineMaxVacateTime"), Is.EqualTo("10 * 60"));
        Assert.That(worker.GetString("UtsnameVersion"), Is.EqualTo("#1 SMP Fri Mar 6 11:36:42 UTC 2015"));
        Assert.That((job2.GetNumber("ClusterId"), job2.GetNumber("ProcId"), job2.GetString("HoldReason")),
            Is.EqualTo(((double?)2, (double?)2, "No condor_shadow installed that supports standard universe jobs")));
    }
}
