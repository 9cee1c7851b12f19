using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Hosting;
using Clues.Core.Plugins;
using Clues.Host.Commands;
using Clues.Tests.Common;
using Clues.Tests.Core.Config;
using Clues.Tests.FilePlugin;
using NUnit.Framework;

namespace Clues.Tests.Host;

/// <summary>
/// The sections of the plugins a configuration selects are checked by <c>clues-host check</c>, <c>run</c> and
/// <c>simulate</c> alike, from the keys each plugin declares.
/// </summary>
[TestFixture]
public sealed class PluginSectionCheckTests
{
    private TempConfigTree _tree = null!;

    [SetUp]
    public void SetUp() => _tree = new TempConfigTree();

    [TearDown]
    public void TearDown() => _tree.Dispose();

    private const string CommandLineDaemon = """
        [general]
        CLUES_SECRET_TOKEN=s3cret
        LRMS_CLASS=cluesplugins.docker
        POWERMANAGER_CLASS=cluesplugins.commandline
        [scheduling]
        SCHEDULER_CLASSES=clueslib.schedulers.CLUES_Scheduler_PowOn_Requests
        """;

    private (int Code, string Out, string Err) Check(string text)
    {
        var main = _tree.Write("etc/clues2.cfg", text);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CheckCommand.Run(["--config", main], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [TestCase("COMMANDLINE_CMDLINE_POWERON")]
    [TestCase("COMMANDLINE_POWON")]
    public void Check_MisspeltPowerOnKey_ErrorForTheMissingCommandAndDidYouMean(string misspelt)
    {
        var (code, output, errors) = Check(CommandLineDaemon + $"""

            [COMMANDLINE]
            {misspelt}=/usr/local/bin/on %%h
            COMMANDLINE_CMDLINE_POWOFF=/usr/local/bin/off %%h
            COMMANDLINE_HOSTS_FILE=/etc/hosts
            """);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("[COMMANDLINE] COMMANDLINE_CMDLINE_POWON: expected a value (mandatory): the command that powers a node on"));
        Assert.That(output, Does.Contain($"[COMMANDLINE] {misspelt} is not a [COMMANDLINE] key and is ignored (misspelt? did you mean COMMANDLINE_CMDLINE_POWON?)"));
        Assert.That(output, Does.Not.Contain("Configuration is valid"));
    }

    private const string CompleteCommandLine = """

        [COMMANDLINE]
        COMMANDLINE_CMDLINE_POWON=/usr/local/bin/on %%h
        COMMANDLINE_CMDLINE_POWOFF=/usr/local/bin/off %%h
        """;

    [Test]
    public void Check_WrapperSection_BadValuesAreErrorsAndUnknownKeysWarnings()
    {
        var (code, output, errors) = Check(CommandLineDaemon + CompleteCommandLine + """

            [DOCKER_WRAPPER]
            ORDER = random
            KEEP_FINISHED = -1
            LISTN = unix:///tmp/w.sock
            MAX_RUNNING = 2
            """);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("[DOCKER_WRAPPER] ORDER = 'random': expected one of fifo, lifo"));
        Assert.That(errors, Does.Contain("[DOCKER_WRAPPER] KEEP_FINISHED = '-1': expected a positive number of seconds"));
        Assert.That(output, Does.Contain("[DOCKER_WRAPPER] LISTN is not a [DOCKER_WRAPPER] key and is ignored (misspelt? did you mean LISTEN?)"));
        Assert.That(output, Does.Match(@"\[DOCKER_WRAPPER\] MAX_RUNNING +=  ?2  \("));
        Assert.That(output, Does.Match(@"\[DOCKER_WRAPPER\] LISTEN += ""unix:///run/clues2/docker-wrapper.sock""  \(default\)"));
        Assert.That(output, Does.Not.Contain("Sections not checked"), "[DOCKER_WRAPPER] is checked");
    }

    [Test]
    public void Check_NoWrapperSection_WrapperKeysNotListed()
    {
        var (code, output, errors) = Check(CommandLineDaemon + CompleteCommandLine);

        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.Not.Contain("[DOCKER_WRAPPER]"), "a program the configuration does not set up is not reported on");
    }

    [Test]
    public void Check_CompleteCommandLineSection_ValidWithEveryKeyListed()
    {
        var (code, output, errors) = Check(CommandLineDaemon + """

            [COMMANDLINE]
            COMMANDLINE_CMDLINE_POWON=/usr/local/bin/on %%h
            COMMANDLINE_CMDLINE_POWOFF=/usr/local/bin/off %%h
            """);

        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.Match(@"\[COMMANDLINE\] COMMANDLINE_CMDLINE_POWON +=  ?""/usr/local/bin/on %%h"""));
        Assert.That(output, Does.Match(@"\[COMMANDLINE\] COMMANDLINE_HOSTS_FILE += ""commandline.hosts""  \(default\)"));
        Assert.That(output, Does.Match(@"\[DOCKER\] DOCKER_SERVER += ""unix:///run/clues2/docker-wrapper.sock""  \(default\)"));
        Assert.That(output, Does.Not.Contain("Sections not checked"));
    }

    [Test]
    public void Check_PowerManagerWithoutSection_ErrorsForBothCommands()
    {
        var (code, _, errors) = Check(CommandLineDaemon);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("Configuration is invalid (2 errors)"));
        Assert.That(errors, Does.Contain("[COMMANDLINE] COMMANDLINE_CMDLINE_POWON: expected a value (mandatory)"));
        Assert.That(errors, Does.Contain("[COMMANDLINE] COMMANDLINE_CMDLINE_POWOFF: expected a value (mandatory)"));
    }

    [Test]
    public void Check_BadDockerServerUrl_ErrorNamesTheKey()
    {
        var (code, _, errors) = Check("[general]\nCLUES_SECRET_TOKEN=x\nLRMS_CLASS=cluesplugins.docker\n[DOCKER]\nDOCKER_SERVER=ftp://wrapper\n");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain(":5: [DOCKER] DOCKER_SERVER = 'ftp://wrapper': expected the docker-wrapper's unix:///path socket or its http:// or https:// URL"));
    }

    [Test]
    public void Check_DmachineNegativeDrainTimeout_Error()
    {
        var (code, _, errors) = Check("[general]\nCLUES_SECRET_TOKEN=x\nLRMS_CLASS=cluesplugins.docker\nPOWERMANAGER_CLASS=cluesplugins.dmachine\n[DMACHINE]\nDMACHINE_DRAIN_TIMEOUT=-1\n");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("[DMACHINE] DMACHINE_DRAIN_TIMEOUT = '-1': expected a number of seconds >= 0"));
    }

    [Test]
    public void Check_EmptySecretEmptySchedulersMissingPluginDir_ThreeWarningsStillValid()
    {
        var (code, output, errors) = Check("[general]\nLRMS_CLASS=cluesplugins.docker\nPLUGIN_DIR=/nonexistent/clues-plugins\n");

        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.Contain("(defaults): [general] CLUES_SECRET_TOKEN is empty: any local process can power nodes on and off"));
        Assert.That(output, Does.Contain("(defaults): [scheduling] SCHEDULER_CLASSES is empty (CLUES' default): the daemon monitors but never powers a node on or off"));
        Assert.That(output, Does.Contain(":3: [general] PLUGIN_DIR names the folder '/nonexistent/clues-plugins', which does not exist"));
    }

    [Test]
    public void Check_SectionAndKeyRepeatedInOneFile_WarnedLastOneWins()
    {
        var (code, output, errors) = Check(CommandLineDaemon + """

            [COMMANDLINE]
            COMMANDLINE_CMDLINE_POWON=/bin/first
            COMMANDLINE_CMDLINE_POWOFF=/bin/off
            [COMMANDLINE]
            COMMANDLINE_CMDLINE_POWON=/bin/second
            """);

        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.Contain(":10: [COMMANDLINE] starts again (also at line 7)"));
        Assert.That(output, Does.Contain(":11: [COMMANDLINE] COMMANDLINE_CMDLINE_POWON is set more than once in this file (also at line 8): the last value wins"));
        Assert.That(output, Does.Match(@"COMMANDLINE_CMDLINE_POWON += ""/bin/second"""));
    }

    [Test]
    public void EveryBuiltInPlugin_DeclaresItsSection()
    {
        var registry = PluginRegistry.Create(null);
        var expected = new Dictionary<string, string>
        {
            ["cluesplugins.docker"] = "DOCKER",
            ["cluesplugins.dmachine"] = "DMACHINE",
            ["cluesplugins.commandline"] = "COMMANDLINE",
            ["cluesplugins.ipmi"] = "IPMI",
            ["cluesplugins.wol"] = "WOL",
        };

        foreach (var (name, section) in expected)
        {
            var type = registry.Resolve(PluginKind.Lrms, name, out _) ?? registry.Resolve(PluginKind.PowerManager, name, out _);
            Assert.That(type, Is.Not.Null, name);
            Assert.That(ConfigSectionAttribute.Of(type!).Select(s => s.Section), Is.EqualTo(new[] { section }), name);
        }
    }

    private const string GeneratedStart = "<!-- generated from the plugins' declarations: do not edit below -->\n";
    private const string GeneratedEnd = "<!-- end of generated part -->\n";

    /// <summary>
    /// docs/plugin-keys.md shows exactly what the built-in plugins declare. After changing a declaration, run this
    /// test with CLUES_UPDATE_DOCS=1 to rewrite the generated part.
    /// </summary>
    [Test]
    public void DocsPluginKeys_ShowsEveryDeclaredSectionAsDeclared()
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "docs", "plugin-keys.md");
        var registry = PluginRegistry.Create(null);
        var schemas = new[] { PluginKind.Lrms, PluginKind.PowerManager, PluginKind.Scheduler }
            .SelectMany(kind => registry.Names(kind).Select(n => registry.Resolve(kind, n, out _)!))
            .Distinct().SelectMany(ConfigSectionAttribute.Of).Concat(CompanionSections.All)
            .DistinctBy(s => s.Section).OrderBy(s => s.Section, StringComparer.Ordinal).ToList();
        var generated = string.Join("\n", schemas.Select(s => s.ToMarkdown()));
        var docs = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = docs.IndexOf(GeneratedStart, StringComparison.Ordinal);
        var end = docs.IndexOf(GeneratedEnd, StringComparison.Ordinal);
        Assert.That(start >= 0 && end > start, "docs/plugin-keys.md has lost its generated-part markers");
        var current = docs[(start + GeneratedStart.Length)..end].Trim('\n') + "\n";
        if (current != generated && Environment.GetEnvironmentVariable("CLUES_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, docs[..(start + GeneratedStart.Length)] + "\n" + generated + "\n" + docs[end..]);
            current = generated;
        }

        Assert.That(schemas.Select(s => s.Section), Is.SupersetOf(new[] { "COMMANDLINE", "DMACHINE", "DOCKER", "DOCKER_WRAPPER", "IPMI", "WOL" }));
        Assert.That(current, Is.EqualTo(generated), "docs/plugin-keys.md is out of date: run this test with CLUES_UPDATE_DOCS=1");
    }

    [Test, CancelAfter(120_000)]
    public async Task SimulateProcess_UnknownScheduler_RefusedLikeCheck(CancellationToken ct)
    {
        var main = _tree.Write("etc/clues2.cfg", "[general]\nCLUES_SECRET_TOKEN=x\n[scheduling]\nSCHEDULER_CLASSES=clueslib.schedulers.CLUES_Scheduler_PowOn_Requests,CLUES_Scheduler_PowOff_IDEL\n");
        var trace = TestEnvironment.Fixture("clues-simulator", "simple.sim");

        var (code, _, errors) = await DotnetProgram.RunAsync("clues-host.dll", Path.GetDirectoryName(main)!, ct, "simulate", trace, "--config", main);

        Assert.That(code, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain("[scheduling] SCHEDULER_CLASSES = 'CLUES_Scheduler_PowOff_IDEL': expected a known scheduler"));
    }

    [Test, CancelAfter(120_000)]
    public async Task CheckProcess_MisspeltPowerOnKey_InvalidWithDidYouMean(CancellationToken ct)
    {
        var main = _tree.Write("etc/clues2.cfg", CommandLineDaemon + "\n[COMMANDLINE]\nCOMMANDLINE_POWON=/bin/on %%h\nCOMMANDLINE_CMDLINE_POWOFF=/bin/off %%h\n");

        var (code, output, errors) = await DotnetProgram.RunAsync("clues-host.dll", Path.GetDirectoryName(main)!, ct, "check", "--config", main);

        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("COMMANDLINE_POWON is not a [COMMANDLINE] key and is ignored (misspelt? did you mean COMMANDLINE_CMDLINE_POWON?)"));
        Assert.That(errors, Does.Contain("[COMMANDLINE] COMMANDLINE_CMDLINE_POWON: expected a value (mandatory)"));
    }

    [Test, CancelAfter(120_000)]
    public async Task RunProcess_PowerManagerWithoutCommands_RefusesToStart(CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(_tree.Write("etc/placeholder", ""))!;
        var plugins = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Clues.Tests.FilePlugin.dll"), Path.Combine(plugins, "Clues.Tests.FilePlugin.dll"));
        var main = _tree.Write("etc/clues2.cfg", $"""
            [general]
            CLUES_SECRET_TOKEN=x
            CLUES_PORT={LoopbackPort.Free()}
            DB_CONNECTION_STRING=sqlite://{folder}/clues.db
            LOG_FILE={folder}/clues.log
            LRMS_CLASS={FileLrms.PluginName}
            POWERMANAGER_CLASS=cluesplugins.commandline
            PLUGIN_DIR={plugins}
            [COMMANDLINE]
            COMMANDLINE_CMDLINE_POWERON=/bin/on %%h
            COMMANDLINE_CMDLINE_POWOFF=/bin/off %%h
            [FILE]
            NODES_FILE={folder}/nodes.json
            """);

        var (code, _, errors) = await DotnetProgram.RunAsync("clues-host.dll", folder, ct, "run", "--config", main);

        Assert.That(code, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain("clues-host cannot start"));
        Assert.That(errors, Does.Contain("[COMMANDLINE] COMMANDLINE_CMDLINE_POWON: expected a value (mandatory)"));
        Assert.That(errors, Does.Contain("warning: ").And.Contain("did you mean COMMANDLINE_CMDLINE_POWON?"));
    }
}
