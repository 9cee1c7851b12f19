using Clues.Core.Model;
using Clues.Plugins.Slurm;
using Clues.Plugins.Slurm.Scontrol;
using NUnit.Framework;
using static Clues.Tests.Plugins.Slurm.SlurmTestData;

namespace Clues.Tests.Plugins.Slurm;

/// <summary>The node and job readers on the Slurm 22.05.8 lab captures (TestData/README.md) and on edge cases.</summary>
[TestFixture]
public sealed class SlurmReaderTests
{
    private const double MiB = 1024 * 1024;

    private static IReadOnlyList<NodeInfo> ReadNodes(string output) =>
        SlurmNodeReader.Read(ScontrolParser.Parse(output, Nodes, SlurmNodeReader.EmptyMessage), null);

    private static IReadOnlyList<JobInfo> ReadJobs(string output) =>
        SlurmJobReader.Read(ScontrolParser.Parse(output, Jobs, SlurmJobReader.EmptyMessage));

    [TestCase("idle-nodes.txt", new[] { NodeState.Idle, NodeState.Idle, NodeState.Idle })]
    [TestCase("mixed-nodes.txt", new[] { NodeState.Used, NodeState.Used, NodeState.Idle })]
    [TestCase("one-down-nodes.txt", new[] { NodeState.Idle, NodeState.Idle, NodeState.Off })]
    [TestCase("all-down-nodes.txt", new[] { NodeState.Off, NodeState.Off, NodeState.Off })]
    public void Nodes_LabCaptures_States(string file, NodeState[] expected)
    {
        var nodes = ReadNodes(Lab(file));

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "slab1", "slab2", "slab3" }));
        Assert.That(nodes.Select(n => n.State), Is.EqualTo(expected));
    }

    [Test]
    public void Nodes_Mixed_SlotsMemoryAndQueues()
    {
        var nodes = ReadNodes(Lab("mixed-nodes.txt"));

        Assert.That(nodes.Select(n => (n.SlotsCount, n.SlotsFree)), Is.EqualTo(new[] { (2.0, 1.0), (2.0, 0.0), (2.0, 2.0) }));
        Assert.That(nodes.Select(n => n.MemoryTotal), Is.All.EqualTo(1024 * MiB), "RealMemory=1024 is MB");
        Assert.That(nodes[0].Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("debug")])));
        Assert.That(nodes[0].Keywords["hostname"], Is.EqualTo(KeywordValue.FromString("slab1")));
    }

    [Test]
    public void Nodes_AllocatedMemory_IsSubtractedInBytes()
    {
        // Shape of slurm-lab §8.6 (CR_Core_Memory): RealMemory=2048 AllocMem=1500.
        var node = ReadNodes("NodeName=slab2 CPUAlloc=2 CPUTot=4 RealMemory=2048 AllocMem=1500 State=MIXED Partitions=debug,gpu").Single();

        Assert.That(node.MemoryTotal, Is.EqualTo(2048 * MiB));
        Assert.That(node.MemoryFree, Is.EqualTo(548 * MiB));
        Assert.That(node.SlotsFree, Is.EqualTo(2));
        Assert.That(node.Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("debug"), KeywordValue.FromString("gpu")])));
    }

    [Test]
    public void Nodes_CpuEfctv_IsPreferredToCpuTot() =>
        Assert.That(ReadNodes("NodeName=a CPUAlloc=0 CPUEfctv=6 CPUTot=8 RealMemory=1 State=IDLE Partitions=p").Single().SlotsCount, Is.EqualTo(6));

    [Test]
    public void Nodes_NoPartitionsField_UsesTheListing()
    {
        var partitions = SlurmPartitions.Read(ScontrolParser.Parse(
            "PartitionName=batch Nodes=wn[01-02]\nPartitionName=gpu Nodes=wn02\nPartitionName=empty Nodes=(null)", Partitions, SlurmPartitions.EmptyMessage));
        var records = ScontrolParser.Parse("NodeName=wn01 CPUTot=1 RealMemory=1 State=IDLE\nNodeName=wn02 CPUTot=1 RealMemory=1 State=IDLE\nNodeName=wn03 CPUTot=1 RealMemory=1 State=IDLE", Nodes, SlurmNodeReader.EmptyMessage);

        var nodes = SlurmNodeReader.Read(records, partitions);

        Assert.That(SlurmNodeReader.NeedsPartitionListing(records), Is.True);
        Assert.That(nodes[0].Keywords["queues"].ToPythonRepr(), Is.EqualTo("['batch']"));
        Assert.That(nodes[1].Keywords["queues"].ToPythonRepr(), Is.EqualTo("['batch', 'gpu']"));
        Assert.That(nodes[2].Keywords.ContainsKey("queues"), Is.False, "no partition: no queues keyword, as in CLUES");
    }

    [TestCase("NodeName=a CPUTot=x RealMemory=1 State=IDLE", "CPUTot=x is not an integer")]
    [TestCase("NodeName=a CPUTot=1 State=IDLE", "RealMemory")]
    [TestCase("NodeName=a CPUTot=1 RealMemory=1", "State")]
    [TestCase("CPUTot=1 RealMemory=1 State=IDLE", "NodeName")]
    [TestCase("NodeName=a CPUTot=1 RealMemory=1 State=IDLE\nNodeName=a CPUTot=1 RealMemory=1 State=IDLE", "listed twice")]
    public void Nodes_Garbled_IsAnErrorNamingCommandLineAndField(string output, string problem)
    {
        var ex = Assert.Throws<ScontrolFormatException>(() => ReadNodes(output + " Partitions=p"));

        Assert.That(ex!.Message, Does.Contain(Nodes).And.Contain("line ").And.Contain(problem));
    }

    [Test]
    public void Jobs_Running_NodesExpandedAndResources()
    {
        var jobs = ReadJobs(Lab("mixed-jobs.txt"));

        Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(new[] { "9", "10" }));
        Assert.That(jobs.Select(j => j.State), Is.All.EqualTo(RequestState.Attended));
        Assert.That(jobs[0].NodeIds, Is.EqualTo(new[] { "slab1" }));
        Assert.That(jobs[1].NodeIds, Is.EqualTo(new[] { "slab2" }));
        Assert.That((jobs[1].Resources.Slots, jobs[1].Resources.TaskCount, jobs[1].Resources.MaxTasksPerNode), Is.EqualTo((1.0, 2, 2)));
    }

    [Test]
    public void Jobs_Pending_NumNodesReadWhole()
    {
        var jobs = ReadJobs(Lab("one-down-jobs.txt"));

        Assert.That(jobs.Select(j => j.State), Is.All.EqualTo(RequestState.Pending));
        Assert.That(jobs.Select(j => j.NodeIds.Count), Is.All.EqualTo(0), "NodeList= is empty while pending");
        // Job 11: -N3 (NumNodes=3-3 NumTasks=3): three tasks, one per node, so three nodes (CLUES: one node).
        Assert.That((jobs[0].Resources.TaskCount, jobs[0].Resources.MaxTasksPerNode), Is.EqualTo((3, 1)));
        // Job 12: -n6 (NumNodes=3 NumTasks=6): six tasks, two per node.
        Assert.That((jobs[1].Resources.TaskCount, jobs[1].Resources.MaxTasksPerNode), Is.EqualTo((6, 2)));
        Assert.That((jobs[2].Resources.TaskCount, jobs[2].Resources.MaxTasksPerNode), Is.EqualTo((1, 1)));
        Assert.That(jobs.Select(j => j.Resources.Expressions.Single()), Is.All.EqualTo("\"debug\" in queues"));
    }

    [Test]
    public void Jobs_NoJobs_IsAnEmptyList() => Assert.That(ReadJobs(Lab("idle-jobs.txt")), Is.Empty);

    [Test]
    public void Jobs_TwelveNodes_NotReadAsOne() =>
        Assert.That(ReadJobs("JobId=1 JobState=PENDING Partition=p NumNodes=12-12 NumTasks=12").Single().Resources.MaxTasksPerNode, Is.EqualTo(1));

    [Test]
    public void Jobs_MemoryWithUnits_PerTask()
    {
        // slurm-lab §8.6: --mem=1500 gives MinMemoryNode=1500M; --mem-per-cpu gives MinMemoryCPU=256M.
        var jobs = ReadJobs("JobId=2 JobState=RUNNING Partition=debug NodeList=slab2 NumNodes=1 NumTasks=1 CPUs/Task=2 MinMemoryNode=1500M\n" +
                            "JobId=3 JobState=RUNNING Partition=debug NodeList=slab3 NumNodes=1 NumTasks=4 CPUs/Task=1 MinMemoryCPU=256M\n" +
                            "JobId=4 JobState=PENDING Partition=debug NumNodes=2 NumTasks=4 CPUs/Task=1 MinMemoryNode=2G\n" +
                            "JobId=5 JobState=PENDING Partition=debug NumNodes=1 NumTasks=1 CPUs/Task=2 MinMemoryCPU=512K");

        Assert.That(jobs[0].Resources.Memory, Is.EqualTo(1500 * MiB));
        Assert.That(jobs[0].Resources.Slots, Is.EqualTo(2));
        Assert.That(jobs[1].Resources.Memory, Is.EqualTo(256 * MiB));
        Assert.That(jobs[2].Resources.Memory, Is.EqualTo(1024 * MiB), "2G per node shared by its two tasks");
        Assert.That(jobs[3].Resources.Memory, Is.EqualTo(1024 * 1024.0), "512K per CPU, two CPUs");
    }

    [Test]
    public void Jobs_SeveralPartitions_AnyOfThem() =>
        Assert.That(ReadJobs("JobId=1 JobState=PENDING Partition=debug,gpu NumNodes=1").Single().Resources.Expressions,
            Is.EqualTo(new[] { "\"debug\" in queues || \"gpu\" in queues" }));

    [Test]
    public void Jobs_MultiNodeList_Expanded() =>
        Assert.That(ReadJobs("JobId=1 JobState=RUNNING Partition=p NodeList=slab[1-3] NumNodes=3").Single().NodeIds,
            Is.EqualTo(new[] { "slab1", "slab2", "slab3" }));

    [TestCase("JobState=RUNNING Partition=p", "JobId")]
    [TestCase("JobId=1 Partition=p", "JobState")]
    [TestCase("JobId=1 JobState=PENDING", "Partition")]
    [TestCase("JobId=1 JobState=PENDING Partition=p NumNodes=x", "NumNodes=x")]
    [TestCase("JobId=1 JobState=PENDING Partition=p NumNodes=0", "NumNodes=0")]
    [TestCase("JobId=1 JobState=PENDING Partition=p NumTasks=two", "NumTasks=two")]
    [TestCase("JobId=1 JobState=PENDING Partition=p MinMemoryNode=lots", "MinMemoryNode=lots")]
    [TestCase("JobId=1 JobState=RUNNING Partition=p NodeList=a[1-", "NodeList=")]
    [TestCase("JobId=1 JobState=PENDING Partition=\"x\"", "Partition=")]
    [TestCase("JobId=1 JobState=PENDING Partition=p\nJobId=1 JobState=PENDING Partition=p", "listed twice")]
    public void Jobs_Garbled_IsAnErrorNamingCommandLineAndField(string output, string problem)
    {
        var ex = Assert.Throws<ScontrolFormatException>(() => ReadJobs(output));

        Assert.That(ex!.Message, Does.Contain(Jobs).And.Contain("line ").And.Contain(problem));
    }
}
