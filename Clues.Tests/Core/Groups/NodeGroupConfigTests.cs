using Clues.Core.Config;
using Clues.Core.Groups;
using Clues.Core.Hosting;
using Clues.Host.Commands;
using Clues.Tests.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Core.Groups;

/// <summary>The <c>[group:NAME]</c> sections: what they accept, and what <c>clues-host check</c> says about them.</summary>
[TestFixture]
public sealed class NodeGroupConfigTests
{
    /// <summary>A configuration with <paramref name="entries"/> set from clues2.cfg, one line each from line 1.</summary>
    internal static CluesConfig Config(params (string Section, string Key, string Value)[] entries)
    {
        var config = new CluesConfig();
        var line = 1;
        foreach (var (section, key, value) in entries)
        {
            config.Set(section, key, value, "clues2.cfg", line++);
        }
        return config;
    }

    [Test]
    public void Bind_HostListAndBounds_GroupWithItsNodes()
    {
        var config = Config(("group:gpu", "NODES", "gpu-[01-03]"), ("group:gpu", "MIN_ON", "1"), ("group:gpu", "MAX_ON", "2"),
            ("group:gpu", "MAX_BOOTING", "1"));

        var group = NodeGroupConfig.Bind(config).Single();

        Assert.That(config.Errors, Is.Empty);
        Assert.That((group.Name, group.MinOn, group.MaxOn, group.MaxBooting, group.Section), Is.EqualTo(("gpu", 1, 2, 1, "group:gpu")));
        Assert.That(new[] { "gpu-01", "gpu-03", "gpu-04", "gpu-1" }.Select(group.Nodes.Matches), Is.EqualTo(new[] { true, true, false, false }));
    }

    [Test]
    public void Bind_PatternsAndNamesSeparatedBySpacesAndCommas_MatchesEach()
    {
        var config = Config(("group:cpu", "NODES", "cpu-*  wn?,login1"));

        var group = NodeGroupConfig.Bind(config).Single();

        Assert.That(group.Nodes.Patterns, Is.EqualTo(new[] { "cpu-*", "wn?" }));
        Assert.That(group.Nodes.Names, Is.EquivalentTo(new[] { "login1" }));
        Assert.That(new[] { "cpu-17", "cpu-", "wn1", "wn12", "login1", "login2" }.Select(group.Nodes.Matches),
            Is.EqualTo(new[] { true, true, true, false, true, false }));
        Assert.That((group.MinOn, group.MaxOn, group.MaxBooting), Is.EqualTo((0, 0, 0)), "no bounds unless set");
    }

    [Test]
    public void Bind_MinOnAboveMaxOn_ErrorOnMinOn()
    {
        var config = Config(("group:gpu", "NODES", "gpu[1-8]"), ("group:gpu", "MIN_ON", "5"), ("group:gpu", "MAX_ON", "4"));

        var groups = NodeGroupConfig.Bind(config);

        Assert.That(groups, Is.Empty);
        Assert.That(config.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "clues2.cfg:2: [group:gpu] MIN_ON = '5': expected at most MAX_ON (4): the group cannot keep more nodes on than it may have on",
        }));
    }

    [Test]
    public void Bind_NodeNamedByTwoGroups_ErrorNamingTheOtherGroup()
    {
        var config = Config(("group:a", "NODES", "wn[1-4]"), ("group:b", "NODES", "wn4 wn5"));

        NodeGroupConfig.Bind(config);

        Assert.That(config.Errors.Single().ToString(),
            Is.EqualTo("clues2.cfg:2: [group:b] NODES = 'wn4 wn5': expected each node in one group only: wn4 is also in [group:a]"));
    }

    [Test]
    public void Bind_PatternMatchingANodeOfAnEarlierGroup_Error()
    {
        var config = Config(("group:a", "NODES", "gpu1"), ("group:b", "NODES", "gpu*"));

        NodeGroupConfig.Bind(config);

        Assert.That(config.Errors.Single().Expected, Is.EqualTo("each node in one group only: gpu1 matches gpu* and is in [group:a]"));
    }

    [TestCase("", "a value (mandatory)")]
    [TestCase("gpu[1-", "a node list (host list 'gpu[1-' has a '[' without ']')")]
    [TestCase("gpu[3-1]", "a node list (host list 'gpu[3-1]' has a bad range '3-1' (expected n or n-m with n <= m))")]
    [TestCase("n[0-99999999]", "a node list (host list 'n[0-99999999]' names more than 100000 nodes)")]
    public void Bind_BadNodeList_ErrorSaysWhatWasExpected(string nodes, string expected)
    {
        var config = Config(("group:g", "NODES", nodes));

        var groups = NodeGroupConfig.Bind(config);

        Assert.That(groups, Is.Empty);
        Assert.That(config.Errors.Single().Expected, Does.StartWith(expected));
    }

    [TestCase("MIN_ON", "-1", "a count ≥ 0")]
    [TestCase("MAX_ON", "two", "an integer (such as 60)")]
    [TestCase("MAX_BOOTING", "-2", "a count ≥ 0 (0 = no cap)")]
    public void Bind_BadCount_Error(string key, string value, string expected)
    {
        var config = Config(("group:g", "NODES", "n1"), ("group:g", key, value));

        NodeGroupConfig.Bind(config);

        Assert.That(config.Errors.Select(e => (e.Key, e.Expected)), Does.Contain((key, expected)));
    }

    [TestCase("group:")]
    [TestCase("group:g p u")]
    [TestCase("group:gpu/1")]
    public void Bind_BadGroupName_Error(string section)
    {
        var config = Config((section, "NODES", "n1"));

        var groups = NodeGroupConfig.Bind(config);

        Assert.That(groups, Is.Empty);
        Assert.That(config.Errors.Single().Expected, Does.StartWith("a group name after 'group:'"));
    }

    [Test]
    public void Glob_ManyStarsAgainstALongName_AnswersWithoutBacktrackingBlowUp()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "*b";
        var name = new string('a', 5000);

        Assert.That(NodeSelector.Glob(pattern, name), Is.False);
        Assert.That(NodeSelector.Glob(pattern, name + "b"), Is.True);
    }

    [Test]
    public void Check_GroupMatchingNoNodeTheDatabaseKnows_Warning()
    {
        var db = Path.Combine(Directory.CreateTempSubdirectory("clues-groups-").FullName, "clues.db");
        using (var store = new Clues.Core.Persistence.SqliteCluesStore(db))
        {
            store.SetHostEnabled("wn1", true);
            store.SetHostEnabled("wn2", true);
        }
        var config = Config(("general", "DB_CONNECTION_STRING", "sqlite://" + db), ("group:gpu", "NODES", "gpu*"), ("group:wn", "NODES", "wn[1-4]"));

        var result = ConfigurationCheck.Run(config, ConfigCheckScope.Daemon);

        Assert.That(result.Warnings.Where(w => w.Section.StartsWith("group:", StringComparison.Ordinal)).Select(w => w.ToString()), Is.EqualTo(new[]
        {
            "clues2.cfg:2: [group:gpu] NODES = gpu* matches none of the 2 nodes CLUES has managed (DB_CONNECTION_STRING): misspelt?",
        }));
        Directory.Delete(Path.GetDirectoryName(db)!, recursive: true);
    }

    [Test]
    public void Check_GroupSections_ValuesListedUnknownKeyWarnedAndErrorsFail()
    {
        using var tree = new TempConfigTree();
        var main = tree.Write("etc/clues2.cfg", """
            [general]
            CLUES_SECRET_TOKEN=x
            [group:gpu]
            NODES = gpu-[01-04]
            MIN_ON = 3
            MAX_ON = 2
            MAX_BOTING = 1
            [group:cpu]
            NODES = cpu-*
            """);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CheckCommand.Run(["--config", main], stdout, stderr, c => ConfigurationCheck.Run(c, ConfigCheckScope.Simulation),
            new ConfigLoaderOptions { SearchDirectories = [] });

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout.ToString(), Does.Match(@"\[group:cpu\] NODES += ""cpu-\*""  \(").And.Match(@"\[group:gpu\] MAX_ON += 2  \("));
        Assert.That(stdout.ToString(), Does.Contain($"warning: {main}:7: [group:gpu] MAX_BOTING is not a [group:gpu] key and is ignored (misspelt? did you mean MAX_BOOTING?)"));
        Assert.That(stderr.ToString(), Does.Contain($"error: {main}:5: [group:gpu] MIN_ON = '3': expected at most MAX_ON (2)"));
    }
}
