using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.Pbs;
using NUnit.Framework;
using static Clues.Tests.Plugins.Pbs.PbsTestData;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>The plugin over recorded commands: what it runs, and the offline / clear flow around power actions.</summary>
[TestFixture]
public sealed class PbsLrmsPluginTests
{
    private static string Offline(string node) => $"/usr/bin/pbsnodes -s torque-head -o -N clues_power_off {node}";

    private static string Clear(string node) => $"/usr/bin/pbsnodes -s torque-head -c -N n {node}";

    [Test]
    public async Task Monitoring_RunsCluesCommands_AndReportsNodesAndUnservedJobs()
    {
        var commands = FakePbsCommands.FromTestData();
        var plugin = Plugin(commands);

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);
        var jobs = await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(plugin.Id, Is.EqualTo("PBS_torque-head"));
        Assert.That(commands.Runs, Is.EqualTo(new[] { Queues, Nodes, Jobs }));
        Assert.That(nodes, Has.Count.EqualTo(5));
        Assert.That(jobs.Select(j => j.JobId), Does.Not.Contain("12.torque-head"), "the running job is served");
    }

    [Test]
    public void Options_CluesKeysAndDefaults()
    {
        var config = new CluesConfig();
        var defaults = PbsLrmsOptions.Read(config);
        config.Set("PBS", "PBS_SERVER", "head");
        config.Set("PBS", "PBS_QSTAT_COMMAND", "ssh head qstat");
        config.Set("PBS", "PBS_PBSNODES_COMMAND", "ssh head pbsnodes");
        config.Set("PBS", "PBS_OFFLINE_BEFORE_POWEROFF", "false");
        config.Set("general", "TIMEOUT_COMMANDS", "3");

        var set = PbsLrmsOptions.Read(config);

        Assert.That((defaults.Server, defaults.QstatCommand, defaults.PbsnodesCommand, defaults.OfflineBeforePowerOff),
            Is.EqualTo(("localhost", "/usr/bin/qstat", "/usr/bin/pbsnodes", true)));
        Assert.That((set.Server, set.QstatCommand, set.PbsnodesCommand, set.OfflineBeforePowerOff, set.CommandTimeout),
            Is.EqualTo(("head", "ssh head qstat", "ssh head pbsnodes", false, TimeSpan.FromSeconds(3))));
        Assert.That(config.Errors, Is.Empty);
    }

    [TestCase("PBS_SERVER", "head; rm -rf /")]
    [TestCase("PBS_QSTAT_COMMAND", " ")]
    [TestCase("PBS_OFFLINE_BEFORE_POWEROFF", "perhaps")]
    public void Options_BadValue_ErrorNamesTheKey(string key, string value)
    {
        var config = new CluesConfig();
        config.Set("PBS", key, value);

        PbsLrmsOptions.Read(config);

        Assert.That(config.Errors.Select(e => e.ToString()), Has.Some.Contain(key));
    }

    [Test]
    public async Task PreparePowerOff_NoJobThere_SetsTheNodeOfflineAndAccepts()
    {
        var commands = FakePbsCommands.FromTestData();

        var accepted = await Plugin(commands).PreparePowerOffAsync("node01", CancellationToken.None);

        Assert.That(accepted, Is.True);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Offline("node01"), Queues, Nodes }));
    }

    [Test]
    public async Task PreparePowerOff_AJobHoldsASlot_ClearsTheNodeAndRefuses()
    {
        var commands = FakePbsCommands.FromTestData();

        var accepted = await Plugin(commands).PreparePowerOffAsync("node02", CancellationToken.None);

        Assert.That(accepted, Is.False, "job 12 runs on node02");
        Assert.That(commands.Runs, Is.EqualTo(new[] { Offline("node02"), Queues, Nodes, Clear("node02") }));
    }

    [Test]
    public async Task PreparePowerOff_OfflineFails_RefusesWithoutReading()
    {
        var commands = new FakePbsCommands(c => c.Contains(" -o ", StringComparison.Ordinal)
            ? throw new PbsCommandException("pbsnodes: Unauthorized Request")
            : "");

        var accepted = await Plugin(commands).PreparePowerOffAsync("node01", CancellationToken.None);

        Assert.That(accepted, Is.False);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Offline("node01") }));
    }

    [Test]
    public async Task PreparePowerOff_Disabled_RunsNothing()
    {
        var commands = FakePbsCommands.FromTestData();

        Assert.That(await Plugin(commands, offline: false).PreparePowerOffAsync("node01", CancellationToken.None), Is.True);
        Assert.That(commands.Runs, Is.Empty);
    }

    [Test]
    public async Task PowerOn_ClearsOnlyTheOfflineMarkCluesSet()
    {
        // node04 is offline with CLUES' note; an administrator's offline node keeps its mark.
        var nodes = Read("pbsnodes-x.xml").Replace("<name>node05</name><state>free</state>", "<name>node05</name><state>offline</state>", StringComparison.Ordinal);
        var commands = FakePbsCommands.FromTestData(() => nodes);
        var plugin = Plugin(commands);

        Assert.That(await plugin.PowerOnAsync("node04", CancellationToken.None), Is.True);
        Assert.That(await plugin.PowerOnAsync("node05", CancellationToken.None), Is.True);

        Assert.That(commands.Runs.Where(r => r.Contains(" -c ", StringComparison.Ordinal)), Is.EqualTo(new[] { Clear("node04") }));
    }

    [Test]
    public async Task PowerOn_ClearFails_RetriedByTheLifecycle()
    {
        var failClear = true;
        var commands = new FakePbsCommands(c => c switch
        {
            Queues => Read("qstat-Qf.txt"),
            Nodes => Read("pbsnodes-x.xml"),
            _ when c == Clear("node04") && failClear => throw new PbsCommandException("pbsnodes: cannot connect"),
            _ => "",
        });
        var plugin = Plugin(commands);

        Assert.That(await plugin.PowerOnAsync("node04", CancellationToken.None), Is.True, "a failed clear does not fail the power-on");
        failClear = false;
        await plugin.LifecycleAsync(CancellationToken.None);
        await plugin.LifecycleAsync(CancellationToken.None);

        Assert.That(commands.Runs.Count(r => r == Clear("node04")), Is.EqualTo(2), "retried once, then done");
    }

    [Test]
    public void Monitoring_NamesAreQuotedForTheShell()
    {
        var plugin = new PbsLrmsPlugin(new PbsLrmsOptions { Server = "head$(reboot)" }, FakePbsCommands.FromTestData(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);

        Assert.That(plugin.NodesCommand, Is.EqualTo("/usr/bin/pbsnodes -x -s 'head$(reboot)'"));
        Assert.That(plugin.OfflineCommand("n'1"), Does.EndWith(" 'n'\\''1'"));
    }
}
