using Clues.Core.Config;
using Clues.Core.Plugins;
using Clues.Plugins.Sge;
using NUnit.Framework;
using static Clues.Tests.Plugins.Sge.SgeTestData;

namespace Clues.Tests.Plugins.Sge;

/// <summary>Queues disabled before a power-off and enabled after a power-on, over scripted commands replaying lab outputs.</summary>
[TestFixture]
public sealed class SgePowerTests
{
    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_HostRunsNothing_DisablesItsQueuesAndProceeds(CancellationToken ct)
    {
        var commands = new ScriptedSgeCommands().On(Disable("sgelab2"), "").On(Hosts, Lab("lab-qhost-one-slot-used.xml"));

        Assert.That(await Plugin(commands).PreparePowerOffAsync("sgelab2", ct), Is.True);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Disable("sgelab2"), Hosts }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_AJobLandedMeanwhile_EnablesTheQueuesAgainAndRefuses(CancellationToken ct)
    {
        // The lab capture: sgelab1's queue disabled while a job runs on one of its two slots.
        var commands = new ScriptedSgeCommands().On(Disable("sgelab1"), "").On(Hosts, Lab("lab-qhost-disabled-while-running.xml")).On(Enable("sgelab1"), "");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("sgelab1", ct), Is.False);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Disable("sgelab1"), Hosts, Enable("sgelab1") }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_DisableFails_RefusesWithoutTouchingAnythingElse(CancellationToken ct)
    {
        var commands = new ScriptedSgeCommands().Fails(Disable("sgelab1"), "exited with code 1; stderr: invalid queue \"*@sgelab1\"");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("sgelab1", ct), Is.False);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Disable("sgelab1") }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_StateUnreadable_EnablesAgainAndRefuses(CancellationToken ct)
    {
        var commands = new ScriptedSgeCommands().On(Disable("sgelab1"), "").On(Hosts, "error: unable to contact qmaster").On(Enable("sgelab1"), "");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("sgelab1", ct), Is.False);
        Assert.That(commands.Runs[^1], Is.EqualTo(Enable("sgelab1")));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_HostNotListed_EnablesAgainAndRefuses(CancellationToken ct)
    {
        var commands = new ScriptedSgeCommands().On(Disable("ghost"), "").On(Hosts, Lab("lab-qhost-idle.xml")).On(Enable("ghost"), "");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("ghost", ct), Is.False);
        Assert.That(commands.Runs[^1], Is.EqualTo(Enable("ghost")));
    }

    [TestCase("a;reboot")]
    [TestCase("a b")]
    [TestCase("'*'")]
    public async Task PreparePowerOff_NameThatIsNotAHostName_RefusesWithoutRunningAnything(string node)
    {
        var commands = new ScriptedSgeCommands();

        Assert.That(await Plugin(commands).PreparePowerOffAsync(node, CancellationToken.None), Is.False);
        Assert.That(commands.Runs, Is.Empty);
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_Disabled_RunsNothing(CancellationToken ct)
    {
        var commands = new ScriptedSgeCommands();

        Assert.That(await Plugin(commands, new SgeLrmsOptions { DisableBeforePowerOff = false }).PreparePowerOffAsync("sgelab1", ct), Is.True);
        Assert.That(commands.Runs, Is.Empty);
    }

    [Test, CancelAfter(5_000)]
    public async Task PowerOn_EnablesTheQueues_AndRetriesAFailedEnableInTheLifecycle(CancellationToken ct)
    {
        var commands = new ScriptedSgeCommands().Fails(Enable("sgelab2"), "exited with code 1; stderr: unable to contact qmaster").On(Enable("sgelab2"), "");
        var plugin = Plugin(commands);

        Assert.That(await plugin.PowerOnAsync("sgelab2", ct), Is.True, "a failed enable does not fail the power-on");
        Assert.That(await plugin.LifecycleAsync(ct), Is.True);
        Assert.That(await plugin.LifecycleAsync(ct), Is.True);

        Assert.That(commands.Runs, Is.EqualTo(new[] { Enable("sgelab2"), Enable("sgelab2") }), "retried once, then forgotten");
    }

    [Test]
    public void Options_DefaultsAreCluesKeysAndTheNewOnes()
    {
        var options = SgeLrmsOptions.Read(new CluesConfig());

        Assert.That(options, Is.EqualTo(new SgeLrmsOptions()));
        Assert.That((options.QhostCommand, options.QstatCommand, options.QconfCommand, options.SgeRoot, options.DefaultQueue, options.CommandTimeout),
            Is.EqualTo(("/usr/bin/qhost", "/usr/bin/qstat", "/usr/bin/qconf", "/var/lib/gridengine", "all.q", TimeSpan.FromSeconds(10))));
        Assert.That((options.QmodCommand, options.DisableBeforePowerOff), Is.EqualTo(("/usr/bin/qmod", true)));
    }

    [Test]
    public void Options_ReadsTheSectionAndReportsBadValues()
    {
        var config = new CluesConfig();
        config.Set("SGE", "sge_qhost_command", "ssh master qhost");
        config.Set("SGE", "SGE_DEFAULT_QUEUE", "bad\"queue");
        config.Set("SGE", "SGE_TIMEOUT_COMMANDS", "0");
        config.Set("SGE", "SGE_DISABLE_BEFORE_POWEROFF", "false");

        var options = SgeLrmsOptions.Read(config);

        Assert.That((options.QhostCommand, options.DisableBeforePowerOff), Is.EqualTo(("ssh master qhost", false)));
        Assert.That((options.DefaultQueue, options.CommandTimeout), Is.EqualTo(("all.q", TimeSpan.FromSeconds(10))), "bad values keep the defaults");
        Assert.That(config.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "SGE_DEFAULT_QUEUE", "SGE_TIMEOUT_COMMANDS" }));
        Assert.That(ConfigInspector.UnknownKeys(config), Is.Empty, "every key set is one the plugin reads");
    }

    [Test]
    public void Registry_CluesModuleName_ResolvesTheSgePlugin() =>
        Assert.That(PluginRegistry.Create(null).Resolve(PluginKind.Lrms, "cluesplugins.sge", out var error), Is.EqualTo(typeof(SgeLrmsPlugin)), error);

    [Test]
    public void Options_SgeRootIsGivenOnlyWhenTheEnvironmentHasNone()
    {
        var options = new SgeLrmsOptions { SgeRoot = "/opt/sge" };

        Assert.That(options.CommandEnvironment(null)["SGE_ROOT"], Is.EqualTo("/opt/sge"));
        Assert.That(options.CommandEnvironment("/var/lib/gridengine"), Is.Empty);
    }
}
