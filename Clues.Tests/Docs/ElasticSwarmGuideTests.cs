using System.IO.Enumeration;
using System.Text.RegularExpressions;
using Clues.Cli;
using Clues.Cli.CommandLine;
using Clues.Core.Config;
using Clues.DockerWrapper.Configuration;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Docs;

/// <summary>
/// docs/elastic-swarm.md, read as a reader types it (issue 16, item 5): every command of this project takes the
/// subcommand and options the guide gives it, every file it names exists or an earlier command makes it, the
/// powered-off-cluster commands set EXTRA_SLOTS_FREE to 0 and restart clues-host before the workers go off, and the
/// clean-up stops what the guide started and removes what it copied and the databases the next run would resume.
/// The run of the same commands on the Swarm lab is <see cref="ElasticSwarmGuideRunTests"/> (E2E).
/// </summary>
[TestFixture]
public sealed class ElasticSwarmGuideTests
{
    private static readonly string Root = TestEnvironment.RepositoryRoot;
    private static readonly string GuidePath = Path.Combine(Root, "docs", "elastic-swarm.md");
    private GuideDocument _guide = null!;

    [OneTimeSetUp]
    public void LoadGuide() => _guide = GuideDocument.Load(GuidePath);

    /// <summary>The commands with the guide's aliases expanded and <c>$PWD</c> as the repository (where the guide is followed).</summary>
    private List<GuideCommand> Expanded()
    {
        var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var result = new List<GuideCommand>();
        foreach (var command in _guide.Commands)
        {
            var words = command.Words.Select(w => w.Replace("$PWD", Root, StringComparison.Ordinal)).ToList();
            if (command.Program == "alias" && words.Count == 2 && words[1].IndexOf('=') is > 0 and var eq)
            {
                aliases[words[1][..eq]] = GuideDocument.Split(words[1][(eq + 1)..], command.Line, command.Block).Single().Words;
                result.Add(command with { Words = GuideDocument.Split(words[1][(eq + 1)..], command.Line, command.Block).Single().Words });
                continue;
            }
            // Aliases are the first terminal's: a second terminal does not have them.
            if (command.Block.Marker != "second-terminal" && aliases.TryGetValue(words[0], out var expansion))
            {
                words = [.. expansion, .. words.Skip(1)];
            }
            result.Add(command with { Words = words });
            if (command.Program == "watch")
            {
                result.AddRange(GuideDocument.Split(words[^1], command.Line, command.Block));
            }
        }
        return result;
    }

    /// <summary>The invocations of this project's programs: <c>dotnet …/NAME.dll ARGS</c>, by NAME.</summary>
    private List<(GuideCommand Command, string Program, List<string> Args)> ProjectPrograms() =>
        Expanded().Where(c => c.Program == "dotnet" && c.Words.Count > 1 && c.Words[1].EndsWith(".dll", StringComparison.Ordinal))
            .Select(c => (c, Path.GetFileNameWithoutExtension(c.Words[1]), c.Words.Skip(2).Select(Absolute).ToList())).ToList();

    private static string Absolute(string word) =>
        Regex.IsMatch(word, @"^(etc|lab|docs)/") ? Path.Combine(Root, word) : word;

    [Test]
    public void Guide_Blocks_AreMarkedAsTheRunKnowsThem()
    {
        Assert.That(_guide.Blocks.Select(b => b.Marker).Distinct(), Is.SubsetOf(new[] { "", "setup", "second-terminal" }));
        Assert.That(_guide.Blocks.Count(b => b.IsRun), Is.GreaterThanOrEqualTo(6), "the steps a run types");
    }

    [Test]
    public void Guide_ClueshostCommands_AreAcceptedAndTheirConfigurationIsValid()
    {
        var hosts = ProjectPrograms().Where(p => p.Program == "clues-host" && p.Args.Count > 0).ToList();
        Assert.That(hosts, Is.Not.Empty);
        foreach (var (command, _, args) in hosts)
        {
            Assert.That(args[0], Is.AnyOf("run", "check"), $"{command}: a subcommand checked here");
            // "check" takes run's options and validates what run would load, plugins and sections included.
            var (code, output, errors) = DotnetProgram.RunAsync("clues-host.dll", Root, CancellationToken.None, ["check", .. args.Skip(1)])
                .GetAwaiter().GetResult();
            Assert.That(code, Is.Zero, $"{command}\n{errors}\n{output}");
        }
    }

    [Test]
    public void Guide_CluesCommands_AreOperationsAndOptionsOfTheCli()
    {
        var clis = ProjectPrograms().Where(p => p.Program == "clues").ToList();
        Assert.That(clis.Select(c => c.Command.Block.Marker), Does.Contain("second-terminal").And.Contain(""));
        foreach (var (command, _, args) in clis)
        {
            Assert.That(CluesCli.TryTakeOwnOptions(args, out var rest, out _, out _, out var config, out var error), Is.True, $"{command}: {error}");
            Assert.That(config, Is.Not.Null.And.Matches<string>(Path.IsPathRooted), $"{command}: an absolute --config works from any folder");
            Assert.That(File.Exists(config), $"{command}: {config}");
            if (rest.Count == 0)
            {
                continue; // the alias itself
            }
            var parsed = new CommandLineParser(CliSyntax.Operations).Parse(rest);
            Assert.That(parsed.Errors, Is.Empty, command.ToString());
            Assert.That(parsed.Operation, Is.Not.Null, command.ToString());
        }
    }

    [Test]
    public void Guide_DockerWrapperCommands_AreAcceptedWithoutWarnings()
    {
        var wrappers = ProjectPrograms().Where(p => p.Program == "docker-wrapper" && p.Args.Count > 0).ToList();
        Assert.That(wrappers, Is.Not.Empty);
        foreach (var (command, _, args) in wrappers)
        {
            var warnings = new List<ConfigWarning>();
            Assert.DoesNotThrow(() => WrapperOptionsLoader.Load(args, _ => null, warnings), command.ToString());
            Assert.That(warnings, Is.Empty, $"{command}: the shipped [DOCKER_WRAPPER] has only known keys");
        }
    }

    [Test]
    public void Guide_FilesItNames_ExistOrAnEarlierCommandMakesThem()
    {
        var made = new HashSet<string>(StringComparer.Ordinal);
        var checkedPaths = 0;
        foreach (var command in Expanded())
        {
            var words = command.Words.Select(Absolute).ToList();
            foreach (var word in words.Where(w => w.StartsWith(Root + "/", StringComparison.Ordinal) && !w.Contains('*')))
            {
                checkedPaths++;
                if (word.Contains("/bin/Release/net10.0/", StringComparison.Ordinal))
                {
                    // A build output: its project is there and the build makes that file.
                    var project = word[..word.IndexOf("/bin/", StringComparison.Ordinal)];
                    Assert.That(Directory.Exists(project), $"{command}: {project}");
                    Assert.That(File.Exists(Path.Combine(AppContext.BaseDirectory, Path.GetFileName(word))), $"{command}: the build makes {Path.GetFileName(word)}");
                    continue;
                }
                Assert.That(File.Exists(word) || Directory.Exists(word) || made.Contains(word), $"{command}: {word} does not exist");
            }
            if (words[0].StartsWith(Root + "/", StringComparison.Ordinal))
            {
                Assert.That(!OperatingSystem.IsWindows() && File.GetUnixFileMode(words[0]).HasFlag(UnixFileMode.UserExecute), $"{command}: {words[0]} is run, so it must be executable");
            }
            if (command.Program is "cp" or "ln" && words.Count >= 3)
            {
                var target = words[^1];
                made.Add(target.EndsWith('/') ? target + Path.GetFileName(words[^2]) : target);
            }
        }
        Assert.That(checkedPaths, Is.GreaterThan(5));

        // Paths named in the text: repository files (conf.d/ is etc/conf.d/), or files the guide makes.
        foreach (Match match in Regex.Matches(_guide.Text, @"`(?<path>(?:etc|conf\.d|lab|docs)/[\w./-]+)`"))
        {
            var path = match.Groups["path"].Value;
            var full = Path.Combine(Root, path.StartsWith("conf.d/", StringComparison.Ordinal) ? "etc/" + path : path);
            Assert.That(File.Exists(full) || Directory.Exists(full) || made.Contains(full), $"the text names {path}, which is not in the repository");
        }
    }

    [Test]
    public void Guide_PoweredOffCluster_ExtraSlotsFreeIsZeroAndClueshostRestartedBeforeTheWorkersGoOff()
    {
        var commands = Expanded();
        var powerOff = commands.FindIndex(c => c.Words.Contains("poweroff") && c.Words.Any(w => w.EndsWith("clues.dll", StringComparison.Ordinal)));
        var edit = commands.FindIndex(c => c.Program == "sed" && c.Words[^1].EndsWith("swarm-demo.cfg", StringComparison.Ordinal));
        Assert.That(powerOff, Is.GreaterThan(0), "the guide powers the workers off");
        Assert.That(edit, Is.InRange(0, powerOff), "the demo timers are edited before the workers are powered off");
        var restart = commands.FindIndex(edit, c => c.Words.Any(w => w.EndsWith("clues-host.dll", StringComparison.Ordinal)) && c.Words.Contains("run"));
        Assert.That(restart, Is.InRange(edit, powerOff), "clues-host is restarted between the edit and the power-off, so that it reads the edit");

        // The edit, applied to the file the guide copied into etc/conf.d/, leaves no free slot to keep.
        var example = File.ReadAllText(Path.Combine(Root, "etc", "examples", "swarm-demo.cfg"));
        var sed = Regex.Match(commands[edit].Words.Single(w => w.StartsWith("s/", StringComparison.Ordinal)), "^s/(?<from>[^/]*)/(?<to>[^/]*)/$");
        Assert.That(sed.Success, commands[edit].ToString());
        var edited = Regex.Replace(example, sed.Groups["from"].Value, sed.Groups["to"].Value, RegexOptions.Multiline);
        Assert.That(Value(example, "EXTRA_SLOTS_FREE"), Is.Not.EqualTo("0"), "the demo keeps a free slot until the edit");
        Assert.That(Value(edited, "EXTRA_SLOTS_FREE"), Is.EqualTo("0"));
    }

    private static string? Value(string ini, string key) =>
        Regex.Match(ini, $@"^{key}\s*=\s*(?<v>\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups["v"].Value : null;

    [Test]
    public void Guide_CleanUp_StopsTheDaemonsAndRemovesWhatTheNextRunWouldResume()
    {
        var commands = Expanded().Where(c => c.Block.IsRun).ToList();
        // The terminal's jobs as bash names them: after the command the alias expands to, which is what the model
        // is given, so "kill %clues-host" after an aliased "clues-host run … &" names no job here as in bash.
        var jobs = new ShellJobTable();
        foreach (var command in commands.Where(c => !c.InSubshell))
        {
            if (command.Background)
            {
                jobs.Start(string.Join(' ', command.Words));
            }
            else if (jobs.TryAssign(command.Words))
            {
                continue;
            }
            else if (command.Program is "kill" or "wait")
            {
                var arguments = command.Words.Skip(1).Where(w => !w.StartsWith('-')).ToList();
                Assert.That(command.Program != "wait" || arguments.Count > 0 || jobs.Jobs.All(j => !j.Alive),
                    $"{command}: a plain wait waits for the daemons too, for ever");
                foreach (var argument in arguments)
                {
                    var job = jobs.Find(argument, out var error);
                    Assert.That(job, Is.Not.Null, $"{command}: {error}");
                    if (command.Program == "kill")
                    {
                        Assert.That(job!.Alive, $"{command}: {argument} is already stopped");
                        ShellJobTable.Kill(job);
                    }
                    else
                    {
                        Assert.That(job!.Alive, Is.False, $"{command}: {argument} is a daemon that was not stopped, so wait waits for ever");
                        jobs.Wait(job);
                    }
                }
            }
        }
        Assert.That(jobs.Jobs.Where(j => j.Alive).Select(j => j.Text), Is.Empty, "the clean-up stops everything the guide started");
        Assert.That(jobs.Jobs.Select(j => j.Text), Is.Empty, "and waits until it has exited, so no daemon writes its database after the rm");

        var removed = commands.Where(c => c.Program == "rm").SelectMany(c => c.Words.Skip(1).Where(w => !w.StartsWith('-')).Select(Absolute)).ToList();
        foreach (var copy in commands.Where(c => c.Program == "cp"))
        {
            var target = Absolute(copy.Words[^1]);
            var made = target.EndsWith('/') ? target + Path.GetFileName(copy.Words[^2]) : target;
            Assert.That(removed, Does.Contain(made), $"{copy}: what the guide copies into the repository is removed again");
        }

        // The databases clues-host and docker-wrapper resume from, with the guide's configuration.
        var config = new ConfigLoader(ConfigLoaderOptions.ForEnvironment(Root, "/nonexistent", Path.Combine(Root, "etc", "clues2.cfg"))).Load();
        var databases = new[]
        {
            GeneralOptions.Bind(config).SqliteDatabasePath!,
            WrapperOptionsLoader.Load(["--config", Path.Combine(Root, "etc", "clues2.cfg")], _ => null).DatabasePath,
        };
        foreach (var database in databases)
        {
            Assert.That(removed.Any(r => FileSystemName.MatchesSimpleExpression(r, database, ignoreCase: false)), $"the clean-up removes {database}");
            Assert.That(removed.Any(r => FileSystemName.MatchesSimpleExpression(r, database + "-wal", ignoreCase: false)), $"and SQLite's {database}-wal");
        }
    }
}
