using Clues.Core.Config;
using Clues.Core.Hosting;
using Clues.Host.Commands;
using Clues.Tests.Common;
using Clues.Tests.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Host;

[TestFixture]
public sealed class CheckCommandTests
{
    private TempConfigTree _tree = null!;
    private StringWriter _out = null!;
    private StringWriter _err = null!;

    [SetUp]
    public void SetUp()
    {
        _tree = new TempConfigTree();
        _out = new StringWriter();
        _err = new StringWriter();
    }

    [TearDown]
    public void TearDown()
    {
        _tree.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    private ConfigLoaderOptions SearchIn(params string[] dirs) => new() { SearchDirectories = dirs.Select(_tree.PathOf).ToList() };

    // The simulator's scope leaves LRMS_CLASS and POWERMANAGER_CLASS out: these tests are about the report; the
    // plugin checks have tests of their own (PluginSectionCheckTests).
    private int Run(string[] args, ConfigLoaderOptions? options = null, Func<CluesConfig, IReadOnlyList<ConfigError>>? names = null) =>
        CheckCommand.Run(args, _out, _err, config =>
        {
            var extra = names?.Invoke(config) ?? [];
            var result = ConfigurationCheck.Run(config, ConfigCheckScope.Simulation);
            return result with { Errors = [.. result.Errors, .. extra.Where(e => !result.Errors.Contains(e))] };
        }, options ?? SearchIn("etc"));

    [Test]
    public void Run_ThesisConfiguration_ExitsZeroWithFilesValuesOriginsAndWarnings()
    {
        var main = TestEnvironment.Fixture("thesis-etc", "clues2.cfg");

        var code = Run(["--config", main]);

        var output = _out.ToString();
        Assert.That(code, Is.EqualTo(0), _err.ToString());
        Assert.That(_err.ToString(), Is.Empty);
        Assert.That(output, Does.Contain("Files read").And.Contain("  " + main + "\n"));
        Assert.That(output, Does.Contain(Path.Combine(Path.GetDirectoryName(main)!, "conf.d", "plugin-docker.cfg")));
        Assert.That(output, Does.Match(@"\[scheduling\] IDLE_TIME += 10  \(" + System.Text.RegularExpressions.Regex.Escape(main) + @":17\)"));
        Assert.That(output, Does.Match(@"\[general\] CLUES_PORT += 8000  \(default\)"));
        Assert.That(output, Does.Match(@"\[general\] LRMS_CLASS += ""cluesplugins.docker""  \("));
        Assert.That(output, Does.Contain("warning: " + main + ":6: [general] MAX_WAIT_POWERON is not a [general] key and is ignored: it belongs in [monitoring]"));
        Assert.That(output, Does.Contain("[DOCKER]").And.Contain("[DMACHINE]"));
        Assert.That(output, Does.EndWith("Configuration is valid.\n"));
    }

    [Test]
    public void Run_InstalledCluesExamples_ValidWithPluginSectionsListedAndMisplacedKeysNoted()
    {
        _tree.InstallCluesExamples("etc");

        var code = Run([]);

        var output = _out.ToString();
        Assert.That(code, Is.EqualTo(0), _err.ToString());
        Assert.That(output, Does.Contain("Files read").And.Contain(_tree.PathOf("etc/conf.d/schedulers.cfg")));
        Assert.That(output, Does.Contain("  [scheduler_power_off_idle] (note: IDLE_TIME is a [scheduling] key, COOLDOWN_NODES is a [scheduling] key)"));
        Assert.That(output, Does.Contain("  [IPMI]\n").And.Contain("  [ONE VIRTUAL CLUSTER]\n"));
        Assert.That(output, Does.Not.Contain("key and is ignored"));
        // CLUES' own plugins.cfg sets ONE_XMLRPC twice in [ONE LRMS]: legal, the last one wins, worth a warning.
        Assert.That(output, Does.Contain($"warning: {_tree.PathOf("etc/conf.d/plugins.cfg")}:16: [ONE LRMS] ONE_XMLRPC is set more than once in this file (also at line 15): the last value wins"));
        Assert.That(output, Does.Contain("Configuration is valid."));
    }

    [Test]
    public void Run_SecretToken_HiddenFromTheReport()
    {
        _tree.Write("etc/clues2.cfg", "[general]\nCLUES_SECRET_TOKEN=s3cr3t-value\n");

        Run([]);

        Assert.That(_out.ToString(), Does.Not.Contain("s3cr3t-value"));
        Assert.That(_out.ToString(), Does.Match(@"\[general\] CLUES_SECRET_TOKEN += <hidden, 12 characters>  \("));
    }

    [Test]
    public void Run_InvalidValues_ExitsOneListingEveryErrorOnStandardError()
    {
        var main = _tree.Write("etc/clues2.cfg",
            "[general]\nCLUES_PORT=0\n[scheduling]\nIDLE_TIME=60.0\n[monitoring]\nPERIOD_MONITORING_NODES=0\n");

        var code = Run([]);

        var errors = _err.ToString();
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("Configuration is invalid (3 errors):"));
        Assert.That(errors, Does.Contain($"error: {main}:4: [scheduling] IDLE_TIME = '60.0': expected an integer: write 60, not 60.0"));
        Assert.That(errors, Does.Contain($"error: {main}:2: [general] CLUES_PORT = '0': expected a TCP port from 1 to 65535"));
        Assert.That(errors, Does.Contain($"error: {main}:6: [monitoring] PERIOD_MONITORING_NODES = '0'"));
        Assert.That(_out.ToString(), Does.Match(@"\[scheduling\] IDLE_TIME += 1800  \(").And.Contain($"default: the value at {main}:4 is invalid"));
        Assert.That(_out.ToString(), Does.Not.Contain("Configuration is valid."));
    }

    [Test]
    public void Run_SyntaxError_ExitsOneNamingFileAndLine()
    {
        var main = _tree.Write("etc/clues2.cfg", "[general]\nCLUES_PORT 8000\n");

        var code = Run([]);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(_err.ToString(), Does.Contain($"error: {main}:2: [general] 'CLUES_PORT 8000': expected a [section] header"));
    }

    [Test]
    public void Run_NameValidatorGiven_CalledWithTheConfigAndItsErrorsReported()
    {
        _tree.Write("etc/clues2.cfg", "[general]\nLRMS_CLASS=cluesplugins.nothing\n");
        CluesConfig? seen = null;

        var code = Run([], names: config =>
        {
            seen = config;
            var entry = config.Find("general", "LRMS_CLASS")!;
            return [new ConfigError(entry.File, "general", entry.Key, entry.Value, "a known LRMS plugin", entry.Line)];
        });

        Assert.That(seen?.Find("general", "LRMS_CLASS")?.Value, Is.EqualTo("cluesplugins.nothing"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(_err.ToString(), Does.Contain("[general] LRMS_CLASS = 'cluesplugins.nothing': expected a known LRMS plugin"));
    }

    [Test]
    public void Run_NameValidatorReadsPluginKeys_TheyJoinTheReport()
    {
        _tree.Write("etc/clues2.cfg", "[DOCKER]\nCONTAINERS_PER_HOST=5\nCONTAINER_PER_HOST=6\n");

        var code = Run([], names: config =>
        {
            config.GetInt("DOCKER", "CONTAINERS_PER_HOST", 1);
            return [];
        });

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_out.ToString(), Does.Match(@"\[DOCKER\] CONTAINERS_PER_HOST += 5  \("));
        Assert.That(_out.ToString(), Does.Contain("[DOCKER] CONTAINER_PER_HOST is not a [DOCKER] key and is ignored (misspelt? did you mean CONTAINERS_PER_HOST?)"));
    }

    [Test]
    public void Run_NoFileFound_ExitsZeroSayingDefaultsApply()
    {
        var code = Run([], SearchIn("nothing-here"));

        Assert.That(code, Is.EqualTo(0));
        Assert.That(_out.ToString(), Does.Contain("No clues2.cfg found in: " + _tree.PathOf("nothing-here")));
    }

    [Test]
    public void Run_MissingExplicitFile_ExitsOne()
    {
        var code = Run(["--config=" + _tree.PathOf("missing.cfg")]);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(_err.ToString(), Does.Contain(_tree.PathOf("missing.cfg")).And.Contain("an existing configuration file"));
    }

    [Test]
    public void Run_LeadingCheckWord_Skipped()
    {
        _tree.Write("etc/clues2.cfg", "[general]\nCLUES_PORT=1\n");

        Assert.That(Run(["check"]), Is.EqualTo(0));
    }

    [TestCase("--bogus")]
    [TestCase("--config")]
    public void Run_BadArguments_ExitsTwoWithUsage(string argument)
    {
        var code = Run([argument]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_err.ToString(), Does.Contain(CheckCommand.Usage));
    }

    [Test]
    public void Run_Help_ExitsZeroWithUsage()
    {
        Assert.That(Run(["--help"]), Is.EqualTo(0));
        Assert.That(_out.ToString(), Does.StartWith(CheckCommand.Usage));
    }
}
