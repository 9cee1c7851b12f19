using Clues.Core.Config;
using Clues.Core.Plugins;
using Clues.Plugins.Slurm;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Slurm;

[TestFixture]
public sealed class SlurmLrmsOptionsTests
{
    [Test]
    public void Read_Empty_CluesDefaults()
    {
        var options = SlurmLrmsOptions.Read(new CluesConfig());

        Assert.That(options.Server, Is.EqualTo("slurmserverpublic"));
        Assert.That(options.NodesCommand, Is.EqualTo("/usr/local/bin/scontrol -o show nodes"));
        Assert.That(options.JobsCommand, Is.EqualTo("/usr/local/bin/scontrol -o show jobs"));
        Assert.That(options.PartitionCommand, Is.EqualTo("/usr/local/bin/scontrol -o show partitions"));
        Assert.That(options.DrainBeforePowerOff, Is.True);
        Assert.That(options.SlurmConf, Is.Empty);
        Assert.That(options.Environment, Is.Empty);
        Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Read_Keys_CaseInsensitiveAndRecordedForCheck()
    {
        var config = new CluesConfig();
        config.Set("SLURM", "slurm_nodes_command", "/usr/bin/scontrol -o show nodes");
        config.Set("SLURM", "SLURM_CONF", "/tmp/slab/etc/slurm.conf");
        config.Set("SLURM", "SLURM_DRAIN_BEFORE_POWEROFF", "no");
        config.Set("general", "TIMEOUT_COMMANDS", "3");

        var options = SlurmLrmsOptions.Read(config);

        Assert.That(options.NodesCommand, Is.EqualTo("/usr/bin/scontrol -o show nodes"));
        Assert.That(options.Environment, Is.EqualTo(new Dictionary<string, string?> { ["SLURM_CONF"] = "/tmp/slab/etc/slurm.conf" }));
        Assert.That(options.DrainBeforePowerOff, Is.False);
        Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(ConfigInspector.UnknownKeys(config), Is.Empty, "every key set is one the plugin reads");
    }

    [Test]
    public void Read_BadValues_AreConfigErrorsNamingTheKey()
    {
        var config = new CluesConfig();
        config.Set("SLURM", "SLURM_DRAIN_BEFORE_POWEROFF", "maybe", "/etc/clues2/conf.d/slurm.cfg");
        config.Set("SLURM", "SLURM_JOBS_COMMAND", "  ", "/etc/clues2/conf.d/slurm.cfg");

        SlurmLrmsOptions.Read(config);

        Assert.That(config.Errors.Select(e => e.Key), Is.EquivalentTo(new[] { "SLURM_DRAIN_BEFORE_POWEROFF", "SLURM_JOBS_COMMAND" }));
        Assert.That(config.Errors.Single(e => e.Key == "SLURM_JOBS_COMMAND").Expected, Does.Contain("scontrol -o show jobs"));
    }

    [Test]
    public void Registry_CluesModuleName_ResolvesTheSlurmPlugin()
    {
        var registry = new PluginRegistry([typeof(SlurmLrmsPlugin).Assembly]);

        Assert.That(registry.Resolve(PluginKind.Lrms, "cluesplugins.slurm", out var error), Is.EqualTo(typeof(SlurmLrmsPlugin)), error);
    }

    [Test]
    public void Registry_BuiltIn_FindsTheSlurmPluginNextToTheProgram() =>
        Assert.That(PluginRegistry.Create(null).Resolve(PluginKind.Lrms, "cluesplugins.slurm", out var error), Is.EqualTo(typeof(SlurmLrmsPlugin)), error);
}
