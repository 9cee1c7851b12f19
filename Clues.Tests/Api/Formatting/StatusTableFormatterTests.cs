using Clues.Core.Api.Formatting;
using Clues.Core.Model;
using Clues.Tests.Api;
using NUnit.Framework;

namespace Clues.Tests.Api.Formatting;

[TestFixture]
public sealed class StatusTableFormatterTests
{
    // spec §10 [verified], with the trailing spaces of the left-aligned memory fields.
    private const string SpecExample =
        "node                          state    enabled   time stable   (cpu,mem) used   (cpu,mem) total\n"
        + "-----------------------------------------------------------------------------------------------\n"
        + "wn01                            off   disabled     01h01'01\"    0.0,0            2.0,-1       \n"
        + "wn02                           used    enabled     01h01'01\"      1,1024           2,2048     \n";

    [Test]
    public void Format_SpecExampleRows_MatchesByteForByte()
    {
        var rows = new[]
        {
            new StatusRow("wn02", NodeState.Used, true, 0, PythonNumber.Int(2), PythonNumber.Int(1), PythonNumber.Int(2048), PythonNumber.Int(1024)),
            new StatusRow("wn01", NodeState.Off, false, 0, PythonNumber.Float(2), PythonNumber.Float(2), PythonNumber.Int(-1), PythonNumber.Int(-1)),
        };

        var text = StatusTableFormatter.Format(rows, 3661);

        Assert.That(text, Is.EqualTo(SpecExample));
    }

    [Test]
    public void Format_Snapshots_SortsByNameAndRendersIntegralNumbersAsInts()
    {
        var control = FakeCluesControl.WithExampleNodes();

        var lines = StatusTableFormatter.Format(control.Nodes, control.Now).Split('\n');

        Assert.That(lines[2], Is.EqualTo("wn01                            off   disabled     01h01'01\"      0,0              2,-1       "));
        Assert.That(lines[3], Does.StartWith("wn02 "));
    }

    [Test]
    public void Format_LongNameAndErrorState_AreTruncatedAndNamed()
    {
        var row = new StatusRow("a-very-long-node-name-exceeding-24", NodeState.OffErr, true, 0,
            PythonNumber.Int(4), PythonNumber.Float(1.5), PythonNumber.Int(100), PythonNumber.Int(-50));

        var line = StatusTableFormatter.Format([row], 0).Split('\n')[2];

        Assert.That(line, Does.StartWith("a-very-long-node-name-ex   off (err)"[..24] + "   off (err"));
        Assert.That(line, Does.Contain(" 2.5,150      "));
    }

    [TestCase(3661, "01h01'01\"")]
    [TestCase(90061, "01h01'01\"")] // KEEP (spec §14 Q20): a day and an hour shows as one hour
    [TestCase(0.999, "00h00'00\"")]
    [TestCase(-1, "23h59'59\"")]
    public void TimeStable_Seconds_FormatsAsGmtimeWithoutDays(double seconds, string expected) =>
        Assert.That(StatusTableFormatter.TimeStable(seconds), Is.EqualTo(expected));
}
