using Clues.Plugins.Slurm.Scontrol;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Slurm;

[TestFixture]
public sealed class ScontrolParserTests
{
    private const string Command = "scontrol -o show nodes";
    private const string Empty = "No nodes in the system";

    [Test]
    public void Parse_ValuesWithSpaces_StayWhole()
    {
        var record = ScontrolParser.Parse(SlurmTestData.Lab("one-down-nodes.txt"), Command, Empty)[2];

        Assert.That(record.Get("NodeName"), Is.EqualTo("slab3"));
        Assert.That(record.Get("OS"), Is.EqualTo("Linux 6.18.44-fc-v1098 #1 SMP PREEMPT_DYNAMIC @0"));
        Assert.That(record.Get("Reason"), Is.EqualTo("Not responding [root@2026-12-03T07:24:51]"));
        Assert.That(record.Get("CfgTRES"), Is.EqualTo("cpu=2,mem=1G,billing=2"), "split at the first '='");
        Assert.That(record.Get("AllocTRES"), Is.EqualTo(""));
        Assert.That(record.Get("State"), Is.EqualTo("DOWN+NOT_RESPONDING"));
        Assert.That(record.LineNumber, Is.EqualTo(3));
    }

    [Test]
    public void Parse_CluesFixtureWithDoubleSpaces_ReadsEveryField()
    {
        var record = ScontrolParser.Parse(SlurmTestData.CluesFixture("slurm_nodes.txt"), Command, Empty)[0];

        Assert.That(record.Get("OS"), Is.EqualTo("Linux 5.4.0-73-generic #82-Ubuntu SMP Wed Apr 14 17:39:42 UTC 2021"));
        Assert.That(record.Get("RealMemory"), Is.EqualTo("1"));
        Assert.That(record.Get("Partitions"), Is.EqualTo("debug"));
    }

    [Test]
    public void Parse_RepeatedKey_KeepsTheFirstAsCluesDoes()
    {
        var record = ScontrolParser.Parse("NodeName=a State=IDLE State=DOWN", Command, Empty).Single();

        Assert.That(record.Get("State"), Is.EqualTo("IDLE"));
    }

    [Test]
    public void Parse_EmptyMessage_IsNoRecords() =>
        Assert.That(ScontrolParser.Parse("No nodes in the system\n", Command, Empty), Is.Empty);

    [TestCase("")]
    [TestCase("\n  \n")]
    public void Parse_NothingPrinted_IsAnErrorNamingTheCommand(string output)
    {
        var ex = Assert.Throws<ScontrolFormatException>(() => ScontrolParser.Parse(output, Command, Empty));

        Assert.That(ex!.Message, Does.Contain("'scontrol -o show nodes'").And.Contain("printed nothing"));
    }

    [TestCase("slurm_load_node error: Unable to contact slurm controller (connect failure)", 1)]
    [TestCase("NodeName=a State=IDLE\nerror: garbled", 2)]
    [TestCase("=x NodeName=a", 1)]
    public void Parse_LineNotARecord_IsAnErrorNamingCommandAndLine(string output, int line)
    {
        // FIX: CLUES' parser looped forever on such a line, and read output without '=' as an empty list.
        var ex = Assert.Throws<ScontrolFormatException>(() => ScontrolParser.Parse(output, Command, Empty));

        Assert.That(ex!.LineNumber, Is.EqualTo(line));
        Assert.That(ex.Message, Does.Contain("'scontrol -o show nodes'").And.Contain($"line {line}"));
    }

    [Test]
    public void Parse_EmptyMessageAfterRecords_IsAnError() =>
        Assert.Throws<ScontrolFormatException>(() => ScontrolParser.Parse("NodeName=a\nNo nodes in the system", Command, Empty));

    [Test]
    public void Parse_HostileLongLine_IsLinear()
    {
        var line = "NodeName=a " + string.Concat(Enumerable.Repeat("x ", 200_000)) + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"K{i}=v "));

        var record = ScontrolParser.Parse(line, Command, Empty).Single();

        Assert.That(record.Fields, Has.Count.EqualTo(50_001));
        Assert.That(record.Get("NodeName"), Does.StartWith("a x x"));
    }
}
