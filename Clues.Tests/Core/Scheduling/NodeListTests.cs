using System.Reflection;
using Clues.Core.Model;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>The pass copies of the managed nodes: private to a pass, refreshed in place for the next one.</summary>
[TestFixture]
public sealed class NodeListTests
{
    private static readonly PropertyInfo[] NodeProperties = typeof(Node).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    [Test]
    public void NextPassCopy_ReservationOnTheCopy_LeavesTheNodeAlone()
    {
        var nodes = new NodeList([NodeBuilder.Named("wn1").WithSlots(4).WithMemory(1024).In(NodeState.Idle).Build()]);

        var copy = nodes.NextPassCopy();
        copy[0].Allocate(new Resources(3, 512));

        Assert.Multiple(() =>
        {
            Assert.That(copy[0], Is.Not.SameAs(nodes[0]));
            Assert.That((copy[0].SlotsFree, copy[0].MemoryFree), Is.EqualTo((1.0, 512.0)));
            Assert.That((nodes[0].SlotsFree, nodes[0].MemoryFree), Is.EqualTo((4.0, 1024.0)));
        });
    }

    [Test]
    public void NextPassCopy_NextPass_SameCopiesWithTheNodesCurrentValuesAndNoOldReservation()
    {
        var wn1 = NodeBuilder.Named("wn1").WithSlots(4).WithMemory(1024).In(NodeState.Idle, since: 10).WithKeyword("queues", "[a]").Build();
        var wn2 = NodeBuilder.Named("wn2").WithSlots(8).WithMemory(2048).In(NodeState.Off, since: 20).WithFailures(2).Build();
        var nodes = new NodeList([wn1, wn2]);
        var first = nodes.NextPassCopy();
        first[0].Allocate(new Resources(4, 1024));
        first[1].Allocate(new Resources(1, 1));

        // What monitoring changes between two passes: resources, state and its timers, keywords, the enable flag.
        wn1.UpdateInfo(new NodeInfo("wn1", 4, 2, 1024, 100, new Dictionary<string, KeywordValue> { ["queues"] = KeywordValue.Parse("[b]") }, NodeState.Used), 30);
        wn2.SetState(NodeState.PowOn, 40);
        wn2.Enabled = false;
        var second = nodes.NextPassCopy();

        Assert.That(second, Is.SameAs(first));
        for (var i = 0; i < nodes.Count; i++)
        {
            var expected = nodes[i].Copy();
            foreach (var property in NodeProperties)
            {
                Assert.That(property.GetValue(second[i]), Is.EqualTo(property.GetValue(expected)), $"{nodes[i].Name}: {property.Name}");
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(second[0].SlotsFree, Is.EqualTo(2), "the previous pass's reservation is gone");
            Assert.That(second[0].Keywords, Is.SameAs(wn1.Keywords), "keywords are shared, as by Copy");
            Assert.That(second[1].State, Is.EqualTo(NodeState.PowOn));
            Assert.That(second[1].Enabled, Is.False);
            Assert.That(second.Find("wn2"), Is.SameAs(second[1]));
        });
    }
}
