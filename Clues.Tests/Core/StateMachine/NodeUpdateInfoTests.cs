using Clues.Core.Model;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.StateMachine;

/// <summary>Merging an LRMS observation into a node (spec §2.7) and the scheduler copy.</summary>
[TestFixture]
public sealed class NodeUpdateInfoTests
{
    private static NodeInfo Report(NodeState state = NodeState.Idle, double slotsFree = 4, double memoryFree = 4096, Dictionary<string, KeywordValue>? keywords = null) =>
        new("wn1", 4, slotsFree, 4096, memoryFree, keywords, state);

    private static Node Node(NodeState state = NodeState.Idle, double since = 0) =>
        NodeBuilder.Named("wn1").WithSlots(4).WithMemory(4096).In(state, since).WithKeyword("queues", "[all,gpu]").Build();

    private static Dictionary<string, KeywordValue> Queues(string value) => new() { ["queues"] = KeywordValue.Parse(value) };

    [Test]
    public void UpdateInfo_NothingChanged_ReportsNoChangeAndKeepsInfoTimestamp()
    {
        var node = Node();

        var result = node.UpdateInfo(Report(keywords: Queues("[all,gpu]")), 50);

        Assert.That(result, Is.EqualTo((false, false, false)));
        Assert.That(node.TimestampInfo, Is.Zero);
    }

    [Test]
    public void UpdateInfo_ResourcesChanged_OverwritesThemAndStampsInfo()
    {
        var node = Node();

        var result = node.UpdateInfo(Report(slotsFree: 1, memoryFree: 1024, keywords: Queues("[all,gpu]")), 50);

        Assert.That(result, Is.EqualTo((true, false, true)));
        Assert.That((node.SlotsFree, node.SlotsFreeOriginal, node.MemoryFree, node.MemoryFreeOriginal), Is.EqualTo((1.0, 1.0, 1024.0, 1024.0)));
        Assert.That(node.TimestampInfo, Is.EqualTo(50));
    }

    [Test]
    public void UpdateInfo_OnlyKeywordsChanged_ReplacesKeywordsButNotResourcesFlag()
    {
        var node = Node();

        var result = node.UpdateInfo(Report(keywords: Queues("[all]")), 50);

        Assert.That(result, Is.EqualTo((true, false, false)));
        Assert.That(node.Keywords["queues"], Is.EqualTo(KeywordValue.Parse("[all]")));
        Assert.That(node.TimestampInfo, Is.EqualTo(50));
    }

    [Test]
    public void UpdateInfo_KeywordNumberWrittenDifferently_IsNotAChange()
    {
        var node = NodeBuilder.Named("wn1").WithSlots(4).WithMemory(4096).WithKeyword("cpus", "2").Build();

        var result = node.UpdateInfo(Report(keywords: new() { ["cpus"] = KeywordValue.Parse("2.0") }), 50);

        Assert.That(result.InfoUpdated, Is.False, "typed equality: 2 == 2.0");
    }

    [Test]
    public void UpdateInfo_StateAccepted_SetsAllFlagsAndStampsInfoWithStateTime()
    {
        var node = Node();

        var result = node.UpdateInfo(Report(NodeState.Used, keywords: Queues("[all,gpu]")), 50);

        Assert.That(result, Is.EqualTo((true, true, true)));
        Assert.That(node.State, Is.EqualTo(NodeState.Used));
        Assert.That(node.TimestampInfo, Is.EqualTo(50));
    }

    [Test]
    public void UpdateInfo_StateRejectedByTable_KeepsStateButStillOverwritesResources()
    {
        var node = Node(NodeState.PowOn, 45);

        var result = node.UpdateInfo(Report(NodeState.Idle, slotsFree: 3, keywords: Queues("[all,gpu]")), 50);

        Assert.That(result, Is.EqualTo((true, false, true)));
        Assert.That(node.State, Is.EqualTo(NodeState.PowOn), "POW_ON for 5 s < DELAY_POWON");
        Assert.That(node.SlotsFree, Is.EqualTo(3));
    }

    [Test]
    public void UpdateInfo_GlitchRestored_StampsInfoWithRestoredStateTime()
    {
        var node = Node(NodeState.Idle, 0);
        node.UpdateInfo(Report(NodeState.Off, keywords: Queues("[all,gpu]")), 100);

        var result = node.UpdateInfo(Report(NodeState.Idle, keywords: Queues("[all,gpu]")), 105);

        Assert.That(result, Is.EqualTo((true, true, true)));
        Assert.That(node.TimestampState, Is.Zero);
        Assert.That(node.TimestampInfo, Is.Zero, "CLUES takes the (restored) state timestamp");
    }

    [Test]
    public void Copy_AllocateOnCopy_LeavesOriginalUntouched()
    {
        var node = NodeBuilder.Named("wn1").WithSlots(4).WithMemory(4096).Disabled().WithFailures(2).Build();

        var copy = node.Copy();
        copy.Allocate(new Resources(1, 512));

        Assert.That((copy.SlotsFree, copy.MemoryFree), Is.EqualTo((3.0, 3584.0)));
        Assert.That((node.SlotsFree, node.MemoryFree), Is.EqualTo((4.0, 4096.0)));
        Assert.That((copy.Enabled, copy.PowerOnOperationFailed, copy.SlotsFreeOriginal), Is.EqualTo((false, 2, 4.0)));
    }
}
