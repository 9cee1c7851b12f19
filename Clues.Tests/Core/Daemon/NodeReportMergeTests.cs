using Clues.Core.Daemon;
using Clues.Core.Model;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// Node monitoring merges each LRMS report by node name (spec §1.5), whatever order the report lists the nodes in:
/// the usual report repeats the previous order, and the merge takes a shortcut for it that must not hide a node
/// that vanished or appeared.
/// </summary>
[TestFixture]
public sealed class NodeReportMergeTests
{
    [Test, CancelAfter(10_000)]
    public async Task MonitorNodes_ReorderedVanishedAndReplacedNodes_MergedByName(CancellationToken ct)
    {
        var time = new VirtualTimeProvider();
        await using var harness = new DaemonHarness(time);
        // Monitoring runs every 5 s.
        harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).Returns(() => Task.FromResult(harness.Loop.Now switch
        {
            <= 10 => DaemonHarness.Report(("wn1", NodeState.Idle), ("wn2", NodeState.Off), ("wn3", NodeState.Idle)),
            // the same nodes in another order
            <= 20 => DaemonHarness.Report(("wn3", NodeState.Used), ("wn2", NodeState.Off), ("wn1", NodeState.Idle)),
            // wn2 is gone
            <= 30 => DaemonHarness.Report(("wn1", NodeState.Idle), ("wn3", NodeState.Used)),
            // as many nodes as managed, and the first two in order, but wn3 is replaced by a new wn4
            _ => DaemonHarness.Report(("wn1", NodeState.Idle), ("wn2", NodeState.Off), ("wn4", NodeState.Idle)),
        }));
        var seen = new Dictionary<double, string>();
        foreach (var at in new[] { 7.5, 17.5, 27.5, 37.5 })
        {
            harness.Loop.AddOneShot("look", at, _ =>
            {
                seen[at] = string.Join(" ", harness.Daemon.Nodes.Select(n => $"{n.Name}={n.State.ToDisplay()}"));
                return ValueTask.CompletedTask;
            });
        }
        harness.Loop.EndAfterSecondsWithoutOneShotEvents = 1;
        harness.Daemon.Start();

        await harness.Loop.RunAsync(ct);

        Assert.Multiple(() =>
        {
            Assert.That(seen[7.5], Is.EqualTo("wn1=idle wn2=off wn3=idle"));
            Assert.That(seen[17.5], Is.EqualTo("wn1=idle wn2=off wn3=used"), "a reordered report changes nothing but the states it reports");
            Assert.That(seen[27.5], Is.EqualTo("wn1=idle wn2=unk wn3=used"), "a node missing from the report is UNKNOWN");
            Assert.That(seen[37.5], Is.EqualTo("wn1=idle wn2=off wn3=unk wn4=idle"), "a new node is added, the one it replaced is UNKNOWN");
        });
    }
}
