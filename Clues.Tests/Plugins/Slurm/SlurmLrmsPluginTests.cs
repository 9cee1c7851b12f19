using Clues.Core.Model;
using Clues.Plugins.Slurm;
using Clues.Plugins.Slurm.Scontrol;
using NUnit.Framework;
using static Clues.Tests.Plugins.Slurm.SlurmTestData;

namespace Clues.Tests.Plugins.Slurm;

/// <summary>The plugin over scripted commands: monitoring failures, and the drain/resume flow around power actions.</summary>
[TestFixture]
public sealed class SlurmLrmsPluginTests
{
    private static string NodeLine(string name, string state, int cpuAlloc = 0) =>
        $"NodeName={name} CPUAlloc={cpuAlloc} CPUTot=2 RealMemory=1024 AllocMem=0 State={state} Partitions=debug";

    [Test, CancelAfter(5_000)]
    public async Task GetNodes_NoPartitionsField_RunsThePartitionListingOnce(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands()
            .On(Nodes, "NodeName=wn1 CPUTot=1 RealMemory=1 State=IDLE\nNodeName=wn2 CPUTot=1 RealMemory=1 State=IDLE")
            .On(Partitions, "PartitionName=batch Nodes=wn[1-2]");

        var nodes = await Plugin(commands).GetNodesAsync(ct);

        Assert.That(nodes.Select(n => n.Keywords["queues"].ToPythonRepr()), Is.All.EqualTo("['batch']"));
        Assert.That(commands.Runs, Is.EqualTo(new[] { Nodes, Partitions }));
    }

    [Test]
    public void GetNodes_CommandFails_ThrowsNamingTheCommand()
    {
        var commands = new ScriptedSlurmCommands().Fails(Nodes, "exited with code 1; stderr: slurm_load_node error: Unable to contact slurm controller");

        var ex = Assert.ThrowsAsync<SlurmCommandException>(() => Plugin(commands).GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(Nodes).And.Contain("Unable to contact"));
    }

    [Test]
    public void GetNodes_GarbledOutput_IsAMonitoringFailureNotAnEmptyCluster()
    {
        var commands = new ScriptedSlurmCommands().On(Nodes, "slurm_load_node error: Zero Bytes were transmitted or received");

        var ex = Assert.ThrowsAsync<ScontrolFormatException>(() => Plugin(commands).GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(Nodes).And.Contain("line 1").And.Contain("Zero Bytes"));
    }

    [Test]
    public void GetJobs_GarbledOutput_IsAMonitoringFailureNotNoJobs()
    {
        var commands = new ScriptedSlurmCommands().On(Jobs, "Unable to contact slurm controller");

        Assert.ThrowsAsync<ScontrolFormatException>(() => Plugin(commands).GetJobsAsync(CancellationToken.None));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_DrainedNodeIsEmpty_Proceeds(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands()
            .On(Drain("slab3"), "")
            .On(Nodes, NodeLine("slab1", "MIXED", 1) + "\n" + NodeLine("slab3", "IDLE+DRAIN"));

        var prepared = await Plugin(commands).PreparePowerOffAsync("slab3", ct);

        Assert.That(prepared, Is.True);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Drain("slab3"), Nodes }));
    }

    [TestCase("ALLOCATED+DRAIN", 2)]
    [TestCase("MIXED+DRAIN", 1)]
    [TestCase("IDLE+COMPLETING+DRAIN", 0)]
    [TestCase("IDLE+DRAIN", 1)]
    public async Task PreparePowerOff_JobLandedMeanwhile_UndrainsAndRefuses(string state, int cpuAlloc)
    {
        var commands = new ScriptedSlurmCommands()
            .On(Drain("slab2"), "")
            .On(Nodes, NodeLine("slab2", state, cpuAlloc))
            .On(Undrain("slab2"), "");

        var prepared = await Plugin(commands).PreparePowerOffAsync("slab2", CancellationToken.None);

        Assert.That(prepared, Is.False);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Drain("slab2"), Nodes, Undrain("slab2") }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_DrainFails_RefusesWithoutUndrain(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands().Fails(Drain("slab2"), "exited with code 1; stderr: Invalid node name specified");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("slab2", ct), Is.False);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Drain("slab2") }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_StateUnreadable_UndrainsAndRefuses(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands().On(Drain("slab2"), "").Fails(Nodes).On(Undrain("slab2"), "");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("slab2", ct), Is.False);
        Assert.That(commands.Runs.Last(), Is.EqualTo(Undrain("slab2")));
    }

    [Test, CancelAfter(5_000)]
    public void PreparePowerOff_CancelledAfterTheDrain_UndrainsThenThrows(CancellationToken ct)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var commands = new ScriptedSlurmCommands()
            .On(Drain("slab2"), () =>
            {
                cancel.Cancel(); // the daemon's timeout expires while the drain runs
                return "";
            })
            .On(Undrain("slab2"), "");

        Assert.CatchAsync<OperationCanceledException>(() => Plugin(commands).PreparePowerOffAsync("slab2", cancel.Token));

        Assert.That(commands.Runs, Is.EqualTo(new[] { Drain("slab2"), Undrain("slab2") }), "the drain is not left behind");
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_NodeUnknownToSlurm_UndrainsAndRefuses(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands().On(Drain("ghost"), "").On(Nodes, NodeLine("slab1", "IDLE")).On(Undrain("ghost"), "");

        Assert.That(await Plugin(commands).PreparePowerOffAsync("ghost", ct), Is.False);
        Assert.That(commands.Runs.Last(), Is.EqualTo(Undrain("ghost")));
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_DrainDisabled_RunsNothing(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands();

        Assert.That(await Plugin(commands, new SlurmLrmsOptions { DrainBeforePowerOff = false }).PreparePowerOffAsync("slab2", ct), Is.True);
        Assert.That(await Plugin(commands, new SlurmLrmsOptions { DrainBeforePowerOff = false }).PowerOnAsync("slab2", ct), Is.True);
        Assert.That(commands.Runs, Is.Empty);
    }

    [Test, CancelAfter(5_000)]
    public async Task PreparePowerOff_ConfiguredTemplates_GetTheNodeName(CancellationToken ct)
    {
        var options = new SlurmLrmsOptions { DrainCommand = "drain-it %h", NodesCommand = "nodes" };
        var commands = new ScriptedSlurmCommands().On("drain-it wn7", "").On("nodes", NodeLine("wn7", "IDLE+DRAIN"));

        Assert.That(await Plugin(commands, options).PreparePowerOffAsync("wn7", ct), Is.True);
    }

    [TestCase("DOWN+DRAIN+NOT_RESPONDING")]
    [TestCase("IDLE+DRAIN")]
    [TestCase("DOWN+NOT_RESPONDING")]
    public async Task PowerOn_NodeHeldBySlurm_IsResumed(string state)
    {
        var commands = new ScriptedSlurmCommands().On(Nodes, NodeLine("slab2", state)).On(Resume("slab2"), "");

        var accepted = await Plugin(commands).PowerOnAsync("slab2", CancellationToken.None);

        Assert.That(accepted, Is.True);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Nodes, Resume("slab2") }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PowerOn_NodeAlreadyInService_NoResume(CancellationToken ct)
    {
        // Slurm refuses to resume an IDLE node ("Invalid node state specified"), so it is not asked to.
        var commands = new ScriptedSlurmCommands().On(Nodes, NodeLine("slab2", "IDLE"));

        Assert.That(await Plugin(commands).PowerOnAsync("slab2", ct), Is.True);
        Assert.That(commands.Runs, Is.EqualTo(new[] { Nodes }));
    }

    [Test, CancelAfter(5_000)]
    public async Task PowerOn_ResumeFails_PowerOnStandsAndLifecycleRetries(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands()
            .On(Nodes, NodeLine("slab2", "IDLE+DRAIN"))
            .Fails(Resume("slab2")).On(Resume("slab2"), "");
        var plugin = Plugin(commands);

        Assert.That(await plugin.PowerOnAsync("slab2", ct), Is.True, "the node is on; only the resume is late");
        Assert.That(await plugin.LifecycleAsync(ct), Is.True);
        Assert.That(commands.Runs.Count(r => r == Resume("slab2")), Is.EqualTo(2));

        Assert.That(await plugin.LifecycleAsync(ct), Is.True);
        Assert.That(commands.Runs.Count(r => r == Resume("slab2")), Is.EqualTo(2), "resumed: nothing left to retry");
    }

    [Test, CancelAfter(5_000)]
    public async Task GetNodes_UnknownState_ReportedUnknown(CancellationToken ct)
    {
        var commands = new ScriptedSlurmCommands().On(Nodes, NodeLine("wn1", "BRAND_NEW"));

        Assert.That((await Plugin(commands).GetNodesAsync(ct)).Single().State, Is.EqualTo(NodeState.Unknown));
    }
}
