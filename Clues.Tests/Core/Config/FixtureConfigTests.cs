using Clues.Core.Config;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Core.Config;

/// <summary>The original CLUES and thesis configuration files must load unchanged and validate.</summary>
[TestFixture]
public sealed class FixtureConfigTests
{
    private static readonly string[] CluesEtcFiles =
    [
        "clues2.cfg-example", "clues2.cfg-full-example", "clues2.cfg-cli-example",
        "conf.d/hooks.cfg-example", "conf.d/plugin-commandline.cfg-example", "conf.d/plugin-im.cfg-example",
        "conf.d/plugin-ipmi.cfg-example", "conf.d/plugin-kubernetes.cfg-example", "conf.d/plugin-mesos.cfg-example",
        "conf.d/plugin-nomad.cfg-example", "conf.d/plugin-one.cfg-example", "conf.d/plugin-pbs.cfg-example",
        "conf.d/plugin-sge.cfg-example", "conf.d/plugin-slurm.cfg-example", "conf.d/plugin-wol.cfg-example",
        "conf.d/plugins.cfg", "conf.d/schedulers.cfg-example", "conf.d/wrapper-one.cfg-example",
        "conf.d/wrapper-sge.cfg-example",
    ];

    private static readonly string[] ThesisEtcFiles = ["clues2.cfg", "conf.d/plugin-docker.cfg", "conf.d/plugin-dmachine.cfg"];

    private static IEnumerable<TestCaseData> AllFixtureFiles() =>
        CluesEtcFiles.Select(f => new TestCaseData("clues-etc", f).SetArgDisplayNames("clues-etc/" + f))
            .Concat(ThesisEtcFiles.Select(f => new TestCaseData("thesis-etc", f).SetArgDisplayNames("thesis-etc/" + f)));

    [TestCaseSource(nameof(AllFixtureFiles))]
    public void ReadFile_FixtureFile_LoadsUnchangedAndValidates(string folder, string file)
    {
        var config = new CluesConfig();
        ConfigLoader.ReadFile(config, TestEnvironment.Fixture([folder, .. file.Split('/')]));

        Assert.That(config.SectionNames, Is.Not.Empty);
        Assert.DoesNotThrow(() => CluesOptions.Load(config));
    }

    [Test]
    public void Load_CluesEtcLayout_MainFileThenConfDSortedAndValid()
    {
        using var tree = new TempConfigTree();
        var etc = tree.InstallCluesExamples("etc");

        var config = new ConfigLoader(new ConfigLoaderOptions { SearchDirectories = [etc] }).Load();
        var options = CluesOptions.Load(config);

        Assert.That(config.Files.Select(Path.GetFileName), Is.EqualTo(new[]
        {
            "clues2.cfg", "hooks.cfg", "plugin-commandline.cfg", "plugin-im.cfg", "plugin-ipmi.cfg", "plugin-kubernetes.cfg",
            "plugin-mesos.cfg", "plugin-nomad.cfg", "plugin-one.cfg", "plugin-pbs.cfg", "plugin-sge.cfg", "plugin-slurm.cfg",
            "plugin-wol.cfg", "plugins.cfg", "schedulers.cfg", "wrapper-one.cfg", "wrapper-sge.cfg",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(options.General.LrmsClass, Is.EqualTo("cluesplugins.pbs"));
            Assert.That(options.General.PowerManagerClass, Is.EqualTo("cluesplugins.ipmi"));
            Assert.That(options.General.Host, Is.Empty);
            Assert.That(options.General.SqliteDatabasePath, Is.EqualTo("/var/lib/clues2/clues.db"));
            Assert.That(options.Monitoring.TimeOffGlitchDetection, Is.EqualTo(30));
            Assert.That(options.Monitoring.NegativeResourcesMeansInfinite, Is.True);
            Assert.That(options.Scheduling.MaxBootingNodes, Is.EqualTo(2));
            Assert.That(options.Scheduling.SchedulerNames, Is.EqualTo(new[]
            {
                "clueslib.schedulers.CLUES_Scheduler_PowOn_Requests", "CLUES_Scheduler_Reconsider_Jobs",
                "clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE",
            }));
            Assert.That(options.Hooks.WorkingFolder, Is.EqualTo("/etc/clues2/scripts"));
            Assert.That(options.Client.SecretToken, Is.EqualTo("8e0eadc543eef7bca47fefb4"));
            // plugins.cfg sorts after plugin-ipmi.cfg ('s' > '-'), so its ssh-wrapped command wins.
            Assert.That(config.GetString("IPMI", "IPMI_CMDLINE_POWON", ""),
                Is.EqualTo("/usr/bin/ssh -oBatchMode=yes root@fc-one.i3m.upv.es '/usr/bin/ipmitool -I lan -H %%a -P \"\" power on'"));
            Assert.That(config.GetString("ONE VIRTUAL CLUSTER", "ONE_VIRTUAL_CLUSTER_TEMPLATE", ""), Does.StartWith("NAME=\"%%h\"\nCPU=\"1\"\nDISK=[IMAGE_ID=\"206\"]"));
            Assert.That(config.GetString("NOMAD", "NOMAD_SERVER", ""), Is.EqualTo("\"http://localhost:10000\""));
            Assert.That(config.GetString("ONE LRMS", "ONE_XMLRPC", ""), Is.EqualTo("http://fc-old.i3m.upv.es:2633/RPC2"));
        });
    }

    [Test]
    public void Load_ThesisEtcByExplicitFile_ValuesOfTheThesisSetup()
    {
        var config = new ConfigLoader(new ConfigLoaderOptions
        {
            SearchDirectories = [],
            ConfigFile = TestEnvironment.Fixture("thesis-etc", "clues2.cfg"),
        }).Load();
        var options = CluesOptions.Load(config);

        Assert.That(config.Files.Select(Path.GetFileName), Is.EqualTo(new[] { "clues2.cfg", "plugin-dmachine.cfg", "plugin-docker.cfg" }));
        Assert.Multiple(() =>
        {
            Assert.That(options.General.SecretToken, Is.EqualTo("8e0eadc543eef7bca47fefb4"));
            Assert.That(options.General.LrmsClass, Is.EqualTo("cluesplugins.docker"));
            Assert.That(options.General.PowerManagerClass, Is.EqualTo("cluesplugins.dmachine"));
            Assert.That(options.Monitoring.PeriodMonitoringJobs, Is.EqualTo(5));
            Assert.That(options.Monitoring.CooldownServedRequests, Is.EqualTo(300));
            // [general] MAX_WAIT_POWERON is ignored by CLUES: the [monitoring] default stays.
            Assert.That(options.Monitoring.MaxWaitPowerOn, Is.EqualTo(300));
            Assert.That(options.Scheduling.IdleTime, Is.EqualTo(10));
            Assert.That(options.Scheduling.ReconsiderJobTime, Is.EqualTo(150));
            Assert.That(options.Scheduling.ExtraSlotsFree, Is.EqualTo(1));
            Assert.That(options.Scheduling.ExtraNodesPeriod, Is.EqualTo(60));
            Assert.That(options.Scheduling.SchedulerNames, Has.Count.EqualTo(4));
            Assert.That(config.GetString("DMACHINE", "DMACHINE_CMDLINE_POWON", ""), Is.EqualTo("/usr/local/bin/docker-machine start %%h"));
            Assert.That(config.GetString("DMACHINE", "DMACHINE_CMDLINE_POWOFF", ""), Is.EqualTo("/usr/local/bin/docker-machine stop %%h"));
            Assert.That(config.GetString("DOCKER", "SWARM_TOKEN", ""), Is.EqualTo("0ac50ef75c9739f5bfeeaf00503d4e6e"));
            Assert.That(config.GetInt("DOCKER", "CONTAINERS_PER_HOST", 0), Is.EqualTo(5));
        });
        Assert.That(config.Errors, Is.Empty);
    }

    [Test]
    public void Load_CliExample_ClientSectionOnly()
    {
        var config = new CluesConfig();
        ConfigLoader.ReadFile(config, TestEnvironment.Fixture("clues-etc", "clues2.cfg-cli-example"));

        var options = CluesOptions.Load(config);

        Assert.That(config.SectionNames, Is.EqualTo(new[] { "client" }));
        Assert.That(options.Client.XmlRpcUrl, Is.EqualTo("http://localhost:8000/RPC2"));
        Assert.That(options.Client.RequestWaitTimeout, Is.EqualTo(300));
        Assert.That(options.Client.LogFile, Is.EqualTo("/var/log/clues2/clues2-cli.log"));
    }
}
