using Clues.Core.Model;
using Clues.Plugins.Slurm;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Slurm;

[TestFixture]
public sealed class SlurmNodeStateTests
{
    // Every state the lab saw (slurm-lab §9), then flags and the older/sinfo spellings.
    [TestCase("IDLE", NodeState.Idle)]
    [TestCase("MIXED", NodeState.Used)]
    [TestCase("ALLOCATED", NodeState.Used)]
    [TestCase("DOWN", NodeState.Off)]
    [TestCase("IDLE+DRAIN", NodeState.Off)]
    [TestCase("ALLOCATED+DRAIN", NodeState.Used)]
    [TestCase("MIXED+DRAIN", NodeState.Used)]
    [TestCase("IDLE+NOT_RESPONDING", NodeState.Off)]
    [TestCase("MIXED+NOT_RESPONDING", NodeState.Error)]
    [TestCase("ALLOCATED+NOT_RESPONDING", NodeState.Error)]
    [TestCase("DOWN+NOT_RESPONDING", NodeState.Off)]
    [TestCase("DOWN+DRAIN+NOT_RESPONDING", NodeState.Off)]
    [TestCase("IDLE+COMPLETING+NOT_RESPONDING", NodeState.Error)]
    [TestCase("IDLE+COMPLETING", NodeState.Used)]
    [TestCase("UNKNOWN", NodeState.Unknown)]
    [TestCase("UNKNOWN+NOT_RESPONDING", NodeState.Off)]
    [TestCase("IDLE+CLOUD", NodeState.Idle)]
    [TestCase("IDLE+CLOUD+POWERED_DOWN", NodeState.Off)]
    [TestCase("IDLE+POWERED_DOWN", NodeState.Off)]
    [TestCase("IDLE+POWERING_UP", NodeState.Off)]
    [TestCase("IDLE+POWERING_DOWN", NodeState.Off)]
    [TestCase("IDLE+POWER_DOWN", NodeState.Idle)]
    [TestCase("IDLE+CLOUD+POWER", NodeState.Off)]
    [TestCase("DOWN+CLOUD+POWERED_DOWN", NodeState.Off)]
    [TestCase("IDLE+MAINT", NodeState.Off)]
    [TestCase("MIXED+MAINT", NodeState.Used)]
    [TestCase("IDLE+RESERVED", NodeState.Idle)]
    [TestCase("IDLE+REBOOT_REQUESTED", NodeState.Idle)]
    [TestCase("MIXED+FAIL", NodeState.Error)]
    [TestCase("IDLE+FAIL", NodeState.Error)]
    [TestCase("FUTURE", NodeState.Off)]
    [TestCase("INVAL", NodeState.Error)]
    [TestCase("IDLE*", NodeState.Off)]
    [TestCase("DOWN*", NodeState.Off)]
    [TestCase("IDLE~", NodeState.Off)]
    [TestCase("IDLE#", NodeState.Off)]
    [TestCase("IDLE%", NodeState.Off)]
    [TestCase("IDLE!", NodeState.Idle)]
    [TestCase("IDLE$", NodeState.Off)]
    [TestCase("MIXED*", NodeState.Error)]
    [TestCase("ALLOCATED+", NodeState.Used)]
    [TestCase("ALLOCATED*+DRAIN", NodeState.Error)]
    [TestCase("alloc", NodeState.Used)]
    [TestCase("mix", NodeState.Used)]
    [TestCase("drng", NodeState.Used)]
    [TestCase("DRAINING", NodeState.Used)]
    [TestCase("drained", NodeState.Off)]
    [TestCase("drain*", NodeState.Off)]
    [TestCase("idle~", NodeState.Off)]
    [TestCase("unk*", NodeState.Off)]
    [TestCase("unk", NodeState.Unknown)]
    [TestCase("PERFECTLY_NEW_STATE", NodeState.Unknown)]
    public void ToClues(string slurm, NodeState expected) =>
        Assert.That(SlurmNodeState.Parse(slurm).ToClues(), Is.EqualTo(expected));

    [TestCase("IDLE+DRAIN", true)]
    [TestCase("DOWN+NOT_RESPONDING", true)]
    [TestCase("DOWN+DRAIN+NOT_RESPONDING", true)]
    [TestCase("ALLOCATED+DRAIN", true)]
    [TestCase("IDLE", false)]
    [TestCase("IDLE+NOT_RESPONDING", false)]
    [TestCase("MIXED", false)]
    public void NeedsResume(string slurm, bool expected) =>
        Assert.That(SlurmNodeState.Parse(slurm).NeedsResume, Is.EqualTo(expected));

    [TestCase("MIXED", true)]
    [TestCase("ALLOCATED+DRAIN", true)]
    [TestCase("IDLE+COMPLETING", true)]
    [TestCase("IDLE+DRAIN", false)]
    [TestCase("DOWN", false)]
    public void RunsWork(string slurm, bool expected) =>
        Assert.That(SlurmNodeState.Parse(slurm).RunsWork, Is.EqualTo(expected));

    [Test]
    public void Parse_SplitsBaseFlagsAndMarks()
    {
        var state = SlurmNodeState.Parse("idle*+drain");

        Assert.That(state.Base, Is.EqualTo("IDLE"));
        Assert.That(state.Flags, Is.EquivalentTo(new[] { "NOT_RESPONDING", "DRAIN" }));
        Assert.That(state.Text, Is.EqualTo("idle*+drain"));
        Assert.That(SlurmNodeState.Parse("PERFECTLY_NEW_STATE").IsKnown, Is.False);
        Assert.That(SlurmNodeState.Parse("DOWN+DRAIN+NOT_RESPONDING").IsKnown, Is.True);
    }
}
