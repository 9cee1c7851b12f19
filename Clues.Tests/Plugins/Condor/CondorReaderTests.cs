using Clues.Core.Model;
using Clues.Plugins.Condor;
using NUnit.Framework;
using static Clues.Tests.Plugins.Condor.CondorTestData;

namespace Clues.Tests.Plugins.Condor;

/// <summary>Slots aggregated per machine, jobs, virtual nodes and unreadable output.</summary>
[TestFixture]
public sealed class CondorReaderTests
{
    [Test]
    public async Task Nodes_SlotsOfAMachineAggregated_PartlyUsedMachineIsUsed()
    {
        var nodes = (await Plugin(Read("condor_status-long.txt"), "").GetNodesAsync(CancellationToken.None)).ToDictionary(n => n.Name);

        Assert.That(nodes.Keys, Is.EqualTo(new[] { "wn2.example.org", "wn3.example.org", "wn4.example.org" }));
        Assert.Multiple(() =>
        {
            // grycap/clues#97: the partitionable slot says Unclaimed/Idle while two dynamic slots run jobs.
            Assert.That(CluesString(nodes["wn2.example.org"]), Is.EqualTo("[NODE \"wn2.example.org\"] state: used, 5/8 (free slots), 6144/15872 (mem)"));
            Assert.That(CluesString(nodes["wn3.example.org"]), Is.EqualTo("[NODE \"wn3.example.org\"] state: idle, 2/2 (free slots), 2048/2048 (mem)"));
            Assert.That(CluesString(nodes["wn4.example.org"]), Is.EqualTo("[NODE \"wn4.example.org\"] state: idle, 4/4 (free slots), 7936/7936 (mem)"));
        });
    }

    [Test]
    public async Task Nodes_OneStaticSlotClaimed_MachineIsUsed()
    {
        var status = Read("condor_status-long.txt").Replace(
            "Name = \"slot2@wn3.example.org\"\nSlotType = \"Static\"\nState = \"Unclaimed\"", "Name = \"slot2@wn3.example.org\"\nSlotType = \"Static\"\nState = \"Claimed\"",
            StringComparison.Ordinal);

        var wn3 = (await Plugin(status, "").GetNodesAsync(CancellationToken.None)).Single(n => n.Name == "wn3.example.org");

        Assert.That(CluesString(wn3), Is.EqualTo("[NODE \"wn3.example.org\"] state: used, 1/2 (free slots), 1024/2048 (mem)"));
    }

    [Test]
    public async Task Nodes_VirtualNodesTheCollectorDoesNotList_AreOff()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "# workers that may be powered on\nwn3.example.org\n\nwn5.example.org\n  wn6.example.org 8 16384\n");

            var nodes = await Plugin(Read("condor_status-long.txt"), "", file).GetNodesAsync(CancellationToken.None);

            Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[]
            {
                ("wn2.example.org", NodeState.Used), ("wn3.example.org", NodeState.Idle), ("wn4.example.org", NodeState.Idle), ("wn5.example.org", NodeState.Off),
                ("wn6.example.org", NodeState.Off),
            }));
            Assert.That(CluesString(nodes[^2]), Is.EqualTo("[NODE \"wn5.example.org\"] state: off, 1/1 (free slots), 1572864000/1572864000 (mem)"));
            Assert.That(CluesString(nodes[^1]), Is.EqualTo("[NODE \"wn6.example.org\"] state: off, 8/8 (free slots), 16384/16384 (mem)"));
            var none = await Plugin("", "", file).GetNodesAsync(CancellationToken.None);
            Assert.That(none.Select(n => n.Name), Is.EqualTo(new[] { "wn3.example.org", "wn5.example.org", "wn6.example.org" }), "no worker up: every vnode is OFF");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("wn1 four\n", "line 1")]
    [TestCase("wn1\nwn2 4 8192 extra\n", "line 2")]
    [TestCase("wn1 0\n", "line 1")]
    public void Nodes_BadVnodeLine_FailureNamesFileAndLine(string content, string line)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);

            var ex = Assert.ThrowsAsync<CondorFormatException>(() => Plugin("", "", file).GetNodesAsync(CancellationToken.None));

            Assert.That(ex!.Message, Does.Contain(file).And.Contain(line).And.Contain("name [cpus [memory-MB]]"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Nodes_NoStartdAndNoVnodeFile_NoNodes() =>
        Assert.That(await Plugin("", "", "/nonexistent/condor_vnodes.info").GetNodesAsync(CancellationToken.None), Is.Empty);

    [Test]
    public async Task Jobs_FromEverySchedd_WithMachinesAsNodes()
    {
        var jobs = (await Plugin("", Read("condor_q-global-long.txt")).GetJobsAsync(CancellationToken.None)).ToDictionary(j => j.JobId);

        Assert.That(jobs.Keys, Is.EqualTo(new[] { "41.0", "41.1", "42.0" }));
        Assert.Multiple(() =>
        {
            Assert.That((jobs["41.0"].State, jobs["41.0"].Resources.Slots, jobs["41.0"].Resources.Memory), Is.EqualTo((RequestState.Attended, 2.0, 4096.0)));
            Assert.That(jobs["41.0"].NodeIds, Is.EqualTo(new[] { "wn2.example.org" }));
            Assert.That((jobs["41.1"].State, jobs["41.1"].Resources.Slots, jobs["41.1"].Resources.Memory), Is.EqualTo((RequestState.Pending, 4.0, 3.0)),
                "RequestMemory is an expression: (ImageSize + 1023) / 1024 MB");
            Assert.That(jobs["42.0"].NodeIds, Is.EqualTo(new[] { "wn3.example.org", "wn2.example.org" }));
            Assert.That(jobs["42.0"].Resources.TaskCount, Is.EqualTo(2));
        });
    }

    [TestCase("All queues are empty\n")]
    [TestCase("\n-- Schedd: submit.example.org : <10.0.0.2:9618>\n")]
    [TestCase("")]
    public void Jobs_EmptyQueues_NoJobs(string output) =>
        Assert.That(CondorJobReader.Read(ClassAdReader.Read(output, "condor_q")), Is.Empty);

    [TestCase("Activity = \"Idle\"\nMachine = \"wn1\"\nSegmentation fault\n", "line 3", "Segmentation fault")]
    [TestCase("Activity = \"Idle\"\nMachine = \"wn1\"\nCpus =\n", "line 3", "Cpus has no value")]
    [TestCase("Machine = \"wn1\"\nCpus = 1\n", "line 1", "no Activity")]
    [TestCase("Activity = \"Idle\"\nMachine = \"wn1\"\nCpus = many\n", "line 3", "Cpus = many is not a number")]
    [TestCase("Activity = \"Idle\"\nCpus = 1\n", "line 1", "neither Machine nor Name")]
    [TestCase("[ Activity = \"Idle\"; Machine = \"wn1\"; Name = \"unclosed ]\n", "line 1", "never closed")]
    [TestCase("[ Activity = \"Idle\";\n Machine = \"wn1\"\n", "line 3", "no closing")]
    [TestCase("[ Activity = \"Idle\";\n = \"wn1\" ]", "line 2", "attribute name expected")]
    [TestCase("Error: communication error\nCEDAR:6001:Failed to connect to <10.0.0.1:9618>\n", "line 1", "expected 'Name = value'")]
    public void Nodes_GarbledOutput_FailureNamesTheLine(string output, string line, string problem)
    {
        var ex = Assert.ThrowsAsync<CondorFormatException>(() => Plugin(output, "").GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith($"the output of '{CondorLrmsOptions.DefaultStatusCommand}' cannot be read, {line}:").And.Contain(problem));
    }

    [TestCase("ProcId = 0\nJobStatus = 1\n", "no ClusterId")]
    [TestCase("ClusterId = 1\nProcId = 0\n\nClusterId = 1\nProcId = 0\n", "line 4: job 1.0 is listed twice")]
    [TestCase("ClusterId = 1\nProcId = 0.5\n", "ProcId = 0.5 is not a whole number")]
    [TestCase("ClusterId = 1\nProcId = 0\nJobStatus = \"running\"\n", "JobStatus = \"running\" is not a number")]
    public void Jobs_GarbledOutput_FailureNamesWhere(string output, string problem)
    {
        var ex = Assert.ThrowsAsync<CondorFormatException>(() => Plugin("", output).GetJobsAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(problem));
    }

    [Test]
    public void ClassAds_DeepNestingAndLongInput_StayBoundedAndLinear()
    {
        var deep = "[ A = " + new string('{', 100_000) + " ]";
        var wide = string.Concat(Enumerable.Range(0, ClassAdReader.MaxAttributes + 1).Select(i => $"A{i} = {i}\n"));

        Assert.That(Assert.Throws<CondorFormatException>(() => ClassAdReader.Read(deep, "deep"))!.Message, Does.Contain("unbalanced brackets"));
        Assert.That(Assert.Throws<CondorFormatException>(() => ClassAdReader.Read(wide, "wide"))!.Message, Does.Contain("more than"));
    }
}
