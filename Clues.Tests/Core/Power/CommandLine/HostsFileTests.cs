using Clues.Core.Power.CommandLine;
using NUnit.Framework;

namespace Clues.Tests.Core.Power.CommandLine;

[TestFixture]
public sealed class HostsFileTests
{
    [Test]
    public void Parse_CommentsTabsAndMalformedLines_KeepsTwoFieldLinesOnly()
    {
        const string text = "# header\n10.0.0.1 node01\n10.0.0.2\tnode02   # trailing comment\n\nbad line here\nlonely\n";

        var hosts = HostsFile.Parse("h", text);

        Assert.That(hosts.AddressOf("node01"), Is.EqualTo("10.0.0.1"));
        Assert.That(hosts.AddressOf("node02"), Is.EqualTo("10.0.0.2"));
        Assert.That(hosts.Names, Is.EquivalentTo(new[] { "node01", "node02" }));
        Assert.That(hosts.MalformedLines, Is.EqualTo(new[] { "bad line here", "lonely" }));
    }

    [Test]
    public void Parse_NameListedTwice_KeepsLastAddress()
    {
        var hosts = HostsFile.Parse("h", "a:b:c node01\nd:e:f node01\n");

        Assert.That(hosts.AddressOf("node01"), Is.EqualTo("d:e:f"));
    }

    [Test]
    public void Parse_SharedFixture_HasNoEntries()
    {
        var path = Clues.Tests.Common.TestEnvironment.Fixture("clues-etc", "ipmi.hosts-example");

        var hosts = HostsFile.Parse(path, File.ReadAllText(path));

        Assert.That(hosts.Names, Is.Empty, "the example file only holds comments");
        Assert.That(hosts.MalformedLines, Is.Empty);
    }

    [Test]
    public void Resolve_RelativeName_TakesFirstSearchDirectoryThatHasIt()
    {
        using var first = new ScriptDirectory();
        using var second = new ScriptDirectory();
        using var third = new ScriptDirectory();
        File.WriteAllText(second.File("ipmi.hosts"), "");
        File.WriteAllText(third.File("ipmi.hosts"), "");

        var path = HostsFile.Resolve("ipmi.hosts", [first.Path, second.Path, third.Path]);

        Assert.That(path, Is.EqualTo(second.File("ipmi.hosts")));
    }

    [Test]
    public void Resolve_AbsolutePath_IsKept()
    {
        Assert.That(HostsFile.Resolve("/x/y.hosts", ["/etc/clues2"]), Is.EqualTo("/x/y.hosts"));
    }

    [Test]
    public void Resolve_NotFoundAnywhere_IsRelativeToWorkingDirectory()
    {
        Assert.That(HostsFile.Resolve("none.hosts", ["/nonexistent"]),
            Is.EqualTo(Path.Combine(Environment.CurrentDirectory, "none.hosts")));
    }
}
