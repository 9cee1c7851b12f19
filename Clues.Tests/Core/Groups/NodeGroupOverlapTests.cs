using Clues.Core.Config;
using Clues.Core.Groups;
using Clues.Core.Hosting;
using Clues.Host.Commands;
using Clues.Tests.Core.Config;
using NUnit.Framework;

namespace Clues.Tests.Core.Groups;

/// <summary>
/// Two <c>[group:*]</c> sections that can hold the same node are a configuration error before any node is seen:
/// names against names and patterns, and two patterns against each other (whether any name can match both).
/// </summary>
[TestFixture]
public sealed class NodeGroupOverlapTests
{
    private static CluesConfig Config(params (string Section, string Key, string Value)[] entries)
    {
        var config = new CluesConfig();
        var line = 1;
        foreach (var (section, key, value) in entries)
        {
            config.Set(section, key, value, "clues2.cfg", line++);
        }
        return config;
    }

    [TestCase("gpu-*", "*-01", "gpu-01")]
    [TestCase("wn?", "w*", "wn1")]
    [TestCase("*", "login", "login")]
    [TestCase("a*", "*a", "a")]
    [TestCase("x*", "*y", "xy")]
    [TestCase("n??", "*7", "n17")]
    [TestCase("gpu*", "gpu-?", "gpu-1")]
    public void CommonName_OverlappingPatterns_AShortestNameBothMatch(string a, string b, string expected)
    {
        var name = GlobIntersection.CommonName(a, b);

        Assert.That(name, Is.EqualTo(expected));
        Assert.That((NodeSelector.Glob(a, name!), NodeSelector.Glob(b, name!)), Is.EqualTo((true, true)));
        Assert.That(GlobIntersection.CommonName(b, a)!.Length, Is.EqualTo(expected.Length), "symmetric");
    }

    [TestCase("gpu-*", "cpu-*")]
    [TestCase("*a", "*b")]
    [TestCase("wn?", "wn??")]
    [TestCase("n*1", "n*2")]
    [TestCase("gpu-?", "gpu-??*")]
    [TestCase("a*b*c", "*d")]
    public void CommonName_DisjointPatterns_Null(string a, string b)
    {
        Assert.That(GlobIntersection.CommonName(a, b), Is.Null);
        Assert.That(GlobIntersection.CommonName(b, a), Is.Null);
    }

    // Every pair of small patterns over {a, b, ?, *}: the answer agrees with trying every name of up to 6 characters
    // over {a, b, 1}, and is a shortest one ('1' stands for any other character).
    [Test]
    public void CommonName_AgreesWithTryingEveryShortName()
    {
        var patterns = Words("ab?*", 3).Where(p => p.Length > 0).ToList();
        var names = Words("ab1", 6).ToList();
        var pairs = 0;
        foreach (var a in patterns)
        {
            foreach (var b in patterns)
            {
                var shortest = names.Where(n => NodeSelector.Glob(a, n) && NodeSelector.Glob(b, n)).Select(n => n.Length).DefaultIfEmpty(-1).Min();
                var found = GlobIntersection.CommonName(a, b);
                // Patterns of at most 3 characters that can meet do so within 6 characters.
                Assert.That(found?.Length ?? -1, Is.EqualTo(shortest), $"{a} and {b}");
                if (found is not null)
                {
                    Assert.That(NodeSelector.Glob(a, found) && NodeSelector.Glob(b, found), Is.True, $"{a} and {b}: {found}");
                }
                pairs++;
            }
        }
        Assert.That(pairs, Is.EqualTo(84 * 84));
    }

    [Test]
    public void CommonName_LongestPatterns_AnswerAtOnce()
    {
        // Every pair of positions is reachable, and the two cannot meet (the last characters differ): the whole product is searched.
        var a = string.Concat(Enumerable.Repeat("*a?", (NodeSelector.MaxPatternLength - 2) / 3)) + "*x";
        var b = string.Concat(Enumerable.Repeat("?b*", (NodeSelector.MaxPatternLength - 1) / 3)) + "y";

        Assert.That(GlobIntersection.CommonName(a, b), Is.Null);
        var common = GlobIntersection.CommonName(a, b[..^1] + "x");
        Assert.That(common is not null && NodeSelector.Glob(a, common) && NodeSelector.Glob(b[..^1] + "x", common), Is.True);
    }

    [Test]
    public void Bind_TwoPatternsThatCanMatchOneName_ErrorWithAnExample()
    {
        var config = Config(("group:gpu", "NODES", "gpu-*"), ("group:big", "NODES", "big-[1-4] *-fat"));

        NodeGroupConfig.Bind(config);

        Assert.That(config.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "clues2.cfg:2: [group:big] NODES = 'big-[1-4] *-fat': expected each node in one group only: "
            + "*-fat and gpu-* of [group:gpu] can match the same node (for example gpu-fat)",
        }));
    }

    [Test]
    public void Bind_PatternsThatCannotMeet_NoError()
    {
        var config = Config(("group:gpu", "NODES", "gpu-*"), ("group:cpu", "NODES", "cpu-* wn??"), ("group:login", "NODES", "login[1-2] wn?"));

        var groups = NodeGroupConfig.Bind(config);

        Assert.That(config.Errors, Is.Empty);
        Assert.That(groups.Select(g => g.Name), Is.EqualTo(new[] { "gpu", "cpu", "login" }));
    }

    [Test]
    public void Bind_NameOfALaterGroupMatchedByAnEarlierPattern_ErrorNamesThePattern()
    {
        var config = Config(("group:a", "NODES", "gpu*"), ("group:b", "NODES", "cpu1 gpu7"));

        NodeGroupConfig.Bind(config);

        Assert.That(config.Errors.Single().Expected, Is.EqualTo("each node in one group only: gpu7 is also in [group:a] (it matches gpu* there)"));
    }

    [Test]
    public void Bind_AGroupWhosePatternCoversItsOwnName_NoError()
    {
        var config = Config(("group:wn", "NODES", "wn1 wn*"));

        var group = NodeGroupConfig.Bind(config).Single();

        Assert.That(config.Errors, Is.Empty);
        Assert.That(group.Nodes.Matches("wn1") && group.Nodes.Matches("wn22"), Is.True);
    }

    [Test]
    public void Bind_PatternLongerThanAHostName_Error()
    {
        var config = Config(("group:g", "NODES", new string('a', 300) + "*"));

        Assert.That(NodeGroupConfig.Bind(config), Is.Empty);
        Assert.That(config.Errors.Single().Expected, Does.StartWith("a node list (pattern 'aaaa").And.EndWith("is longer than 255 characters)"));
    }

    [Test]
    public void Check_OverlappingGlobs_ReportedWithoutKnowingTheNodes()
    {
        using var tree = new TempConfigTree();
        var main = tree.Write("etc/clues2.cfg", """
            [general]
            CLUES_SECRET_TOKEN=x
            [group:gpu]
            NODES = gpu-?? gpu-big*
            [group:fat]
            NODES = *-big
            [group:cpu]
            NODES = cpu[1-8]
            """);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CheckCommand.Run(["--config", main], stdout, stderr, c => ConfigurationCheck.Run(c, ConfigCheckScope.Simulation),
            new ConfigLoaderOptions { SearchDirectories = [] });

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain(
            $"error: {main}:6: [group:fat] NODES = '*-big': expected each node in one group only: *-big and gpu-big* of [group:gpu] can match the same node (for example gpu-big)"));
        Assert.That(stderr.ToString(), Does.Not.Contain("[group:cpu]"), "cpu[1-8] meets neither");
    }

    private static IEnumerable<string> Words(string alphabet, int maxLength)
    {
        var level = new List<string> { "" };
        yield return "";
        for (var length = 1; length <= maxLength; length++)
        {
            level = level.SelectMany(w => alphabet.Select(c => w + c)).ToList();
            foreach (var word in level)
            {
                yield return word;
            }
        }
    }
}
