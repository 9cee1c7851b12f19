using Clues.Core.Scheduling;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>
/// The capacity tree against a plain scan of the same positions: random capacity changes (mostly losses, as
/// placements make, some gains, as rollbacks make), activations and searches from random starts, including
/// the keys the matcher uses for resources it does not check (+∞) and NaN requests (-∞).
/// </summary>
[TestFixture]
public sealed class CapacityTreeTests
{
    public static IEnumerable<int> Seeds => Enumerable.Range(1, 40);

    [TestCaseSource(nameof(Seeds))]
    public void FindFirst_RandomChanges_SameAnswerAsAScan(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(1, 300);
        var active = new bool[count];
        var slots = new double[count];
        var memory = new double[count];
        var tree = new CapacityTree(count);
        for (var i = 0; i < count; i++)
        {
            active[i] = random.Next(5) != 0;
            slots[i] = Key(random, 32);
            memory[i] = Key(random, 64);
            tree.Init(i, active[i], slots[i], memory[i]);
        }
        tree.Build();

        for (var step = 0; step < 3000; step++)
        {
            var roll = random.Next(10);
            if (roll < 4)
            {
                var position = random.Next(count);
                if (random.Next(5) == 0)
                {
                    active[position] = !active[position];
                }
                var gain = random.Next(6) == 0;
                slots[position] = gain ? slots[position] + random.Next(1, 8) : slots[position] - random.Next(0, 4);
                memory[position] = gain ? memory[position] + random.Next(0, 16) : memory[position] - random.Next(0, 16);
                tree.Update(position, active[position], slots[position], memory[position]);
            }
            else
            {
                var needSlots = random.Next(20) == 0 ? double.NegativeInfinity : random.Next(0, 12);
                var needMemory = random.Next(20) == 0 ? double.NegativeInfinity : random.Next(0, 24);
                var from = random.Next(3) == 0 ? random.Next(count + 2) : 0;
                var expected = Scan(active, slots, memory, from, needSlots, needMemory);
                Assert.That(tree.FindFirst(from, needSlots, needMemory), Is.EqualTo(expected),
                    $"step {step}: first position from {from} with slots >= {needSlots} and memory >= {needMemory}");
            }
        }
    }

    [Test]
    public void FindFirst_InactivePositions_NeverFoundEvenForAnyAmount()
    {
        var tree = new CapacityTree(4);
        tree.Init(0, false, 100, 100);
        tree.Init(1, false, double.PositiveInfinity, double.PositiveInfinity);
        tree.Init(2, true, 1, 1);
        tree.Init(3, false, 100, 100);
        tree.Build();

        Assert.That(tree.FindFirst(0, double.NegativeInfinity, double.NegativeInfinity), Is.EqualTo(2));
        Assert.That(tree.FindFirst(3, double.NegativeInfinity, double.NegativeInfinity), Is.EqualTo(-1));
        tree.Update(2, false, 1, 1);
        Assert.That(tree.FindFirst(0, double.NegativeInfinity, double.NegativeInfinity), Is.EqualTo(-1));
    }

    [Test]
    public void FindFirst_AfterAGainBeforeAHint_FindsTheEarlierPosition()
    {
        var tree = new CapacityTree(8);
        for (var i = 0; i < 8; i++)
        {
            tree.Init(i, true, i < 6 ? 0 : 4, 8);
        }
        tree.Build();
        Assert.That(tree.FindFirst(0, 2, 2), Is.EqualTo(6)); // leaves a hint: nothing before 6

        tree.Update(1, true, 3, 8); // a rollback gives position 1 its slots back

        Assert.That(tree.FindFirst(0, 2, 2), Is.EqualTo(1));
        Assert.That(tree.FindFirst(0, 1, 1), Is.EqualTo(1));
    }

    private static double Key(Random random, int max) => random.Next(30) == 0 ? double.PositiveInfinity : random.Next(-2, max);

    private static int Scan(bool[] active, double[] slots, double[] memory, int from, double needSlots, double needMemory)
    {
        for (var i = Math.Max(0, from); i < active.Length; i++)
        {
            if (active[i] && slots[i] >= needSlots && memory[i] >= needMemory)
            {
                return i;
            }
        }
        return -1;
    }
}
