using Clues.Core.Model;
using Clues.Core.Requirements;
using Clues.Plugins.Pbs;
using NUnit.Framework;
using static Clues.Tests.Plugins.Pbs.PbsTestData;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>The readers of qstat -Qf, pbsnodes -x and qstat -x on the outputs under TestData/.</summary>
[TestFixture]
public sealed class PbsReaderTests
{
    private static Dictionary<string, NodeInfo> ReadNodes() =>
        PbsNodeReader.Read(Read("pbsnodes-x.xml"), Nodes, TestQueues).ToDictionary(n => n.Name, n => n.Info);

    [Test]
    public void Queues_NeednodesFilesAQueueUnderItsProperty_OthersServeAnyNode()
    {
        var queues = TestQueues;

        Assert.That(queues.Of(["gpu"]), Is.EqualTo(new[] { "gpu", "batch" }));
        Assert.That(queues.Of(["bigmem"]), Is.EqualTo(new[] { "batch" }));
        Assert.That(queues.Of([]), Is.EqualTo(new[] { "batch" }));
    }

    [Test]
    public void Nodes_SlotsMemoryAndStates()
    {
        var nodes = ReadNodes();

        Assert.That(nodes.Keys, Is.EqualTo(new[] { "node01", "node02", "node03", "node04", "node05" }));
        Assert.Multiple(() =>
        {
            Assert.That((nodes["node01"].SlotsCount, nodes["node01"].SlotsFree, nodes["node01"].State), Is.EqualTo((4.0, 4.0, NodeState.Idle)));
            Assert.That(nodes["node01"].MemoryTotal, Is.EqualTo(9215760.0 * 1024), "totmem, in bytes");
            Assert.That(nodes["node01"].MemoryFree, Is.EqualTo(9120344.0 * 1024), "availmem, in bytes");
            Assert.That((nodes["node03"].SlotsFree, nodes["node03"].State), Is.EqualTo((0.0, NodeState.Used)));
            Assert.That((nodes["node04"].State, nodes["node04"].MemoryTotal, nodes["node04"].MemoryFree), Is.EqualTo((NodeState.Off, -1.0, -1.0)));
            Assert.That((nodes["node05"].SlotsCount, nodes["node05"].MemoryTotal), Is.EqualTo((1.0, -1.0)), "no np: 1 slot; no totmem nor availmem");
        });
    }

    [Test]
    public void Nodes_FreeNodeWithSomeSlotsInUse_IsUsedNeverIdle()
    {
        // grycap/clues#97: Torque says "free" while job 12 holds cores 0-1 of 4.
        var node02 = ReadNodes()["node02"];

        Assert.That((node02.SlotsCount, node02.SlotsFree, node02.State), Is.EqualTo((4.0, 2.0, NodeState.Used)));
    }

    [Test]
    public void Nodes_KeywordsAreTypedWithoutQuotes_SoRequirementsMatch()
    {
        var node01 = ReadNodes()["node01"];
        var evaluator = new RequirementEvaluator();

        Assert.That(node01.Keywords["hostname"], Is.EqualTo(KeywordValue.FromString("node01")));
        Assert.That(node01.Keywords["opsys"], Is.EqualTo(KeywordValue.FromString("linux")));
        Assert.That(node01.Keywords["ncpus"], Is.EqualTo(KeywordValue.FromNumber(4)));
        Assert.That(node01.Keywords["physmem"], Is.EqualTo(KeywordValue.FromNumber(8167188.0 * 1024)));
        Assert.That(node01.Keywords["uname"].Text, Is.EqualTo("Linux node01 5.10.0-28-amd64 #1 SMP Debian 5.10.209-2 x86_64"));
        Assert.That(node01.Keywords["queues"].ToPythonRepr(), Is.EqualTo("['gpu', 'batch']"));
        Assert.That(node01.Keywords["properties"].ToPythonRepr(), Is.EqualTo("['bigmem', 'gpu']"));
        Assert.That(evaluator.Matches(["hostname==\"node01\" && (\"gpu\" in queues) && ([\"gpu\"] subset properties) && ppn>=4 && opsys==\"linux\""],
            node01.Keywords), Is.True);
        Assert.That(evaluator.Matches(["ppn>=8"], node01.Keywords), Is.False);
    }

    [TestCase("free", NodeState.Idle)]
    [TestCase("job-exclusive", NodeState.Used)]
    [TestCase("job-sharing", NodeState.Used)]
    [TestCase("busy", NodeState.Used)]
    [TestCase("reserve", NodeState.Used)]
    [TestCase("down", NodeState.Off)]
    [TestCase("offline", NodeState.Off)]
    [TestCase("down,offline", NodeState.Off)]
    [TestCase("free,offline", NodeState.Off)]
    [TestCase("job-exclusive,down", NodeState.Off)]
    [TestCase("state-unknown,down", NodeState.Off)]
    [TestCase("something-new", NodeState.Off)]
    public void NodeState_CluesTable(string states, NodeState expected) =>
        Assert.That(PbsNodeState.ToClues(states), Is.EqualTo(expected));

    [Test]
    public void Jobs_ServedAreLeftOut_OthersCarryTheirResources()
    {
        var unknown = new List<(string, string)>();

        var jobs = PbsJobReader.Read(Read("qstat-x.xml"), Jobs, (job, state) => unknown.Add((job, state))).ToDictionary(j => j.JobId);

        Assert.That(jobs.Keys, Is.EqualTo(new[] { "14.torque-head", "15.torque-head", "16.torque-head", "17.torque-head", "18.torque-head" }));
        Assert.That(unknown, Is.EqualTo(new[] { ("18.torque-head", "S") }));
        Assert.Multiple(() =>
        {
            var mpi = jobs["14.torque-head"];
            Assert.That((mpi.State, mpi.Resources.Slots, mpi.Resources.TaskCount, mpi.Resources.Memory), Is.EqualTo((RequestState.Pending, 2.0, 2, 1024.0 * 1024 * 1024)));
            Assert.That(mpi.Resources.Expressions, Is.EqualTo(new[] { "(\"batch\" in queues) && ppn>=2" }));
            Assert.That(jobs["15.torque-head"].Resources.Expressions, Is.EqualTo(new[] { "hostname==\"node01\" && (\"gpu\" in queues) && ([\"gpu\"] subset properties)" }));
            Assert.That((jobs["16.torque-head"].State, jobs["16.torque-head"].Resources.TaskCount), Is.EqualTo((RequestState.Blocked, 1)));
            var mixed = jobs["17.torque-head"];
            Assert.That((mixed.Resources.TaskCount, mixed.Resources.Slots, mixed.Resources.Memory), Is.EqualTo((3, 1.0, 512.0 * 1024 * 1024)));
            Assert.That(mixed.Resources.Expressions, Is.EqualTo(new[]
                { "((\"batch\" in queues) && ([\"bigmem\"] subset properties) && ppn>=4) || ((\"batch\" in queues) && ([\"gpu\"] subset properties))" }));
            Assert.That(jobs["18.torque-head"].State, Is.EqualTo(RequestState.Unknown));
        });
    }

    [Test]
    public void Jobs_RequirementsParseInCluesLanguage()
    {
        var jobs = PbsJobReader.Read(Read("qstat-x.xml"), Jobs);

        foreach (var expression in jobs.SelectMany(j => j.Resources.Expressions))
        {
            Assert.That(RequirementEvaluator.TryParse(expression, out var error), Is.True, $"{expression}: {error}");
            Assert.That(RequirementEvaluator.GetWarnings(expression), Is.Empty, expression);
        }
    }

    [Test]
    public void Jobs_NoOutput_NoJobs() => Assert.That(PbsJobReader.Read("\n", Jobs), Is.Empty);

    [TestCase("Segmentation fault", "line 1")]
    [TestCase("<Data><Node><name>n1</name><state>free</state>", "line 1")]
    [TestCase("<Data>\n<Node><name>n1</name><state>free</state><np>four</np></Node></Data>", "line 2: node n1: <np>four</np> is not a whole number")]
    [TestCase("<Data><Node><state>free</state></Node></Data>", "a <Node> has no <name>")]
    [TestCase("<Data><Node><name>n1</name></Node></Data>", "node n1: no <state>")]
    [TestCase("<Data><Node><name>n1</name><state>free</state></Node>\n<Node><name>n1</name><state>free</state></Node></Data>", "line 2: node n1 is listed twice")]
    [TestCase("<Data><Node><name>n1</name><state>free</state><jobs>zero/12.srv</jobs></Node></Data>", "<jobs> entry 'zero/12.srv'")]
    [TestCase("<Data><Node><name>n1</name><state>free</state><status>totmem=lots</status></Node></Data>", "totmem=lots")]
    [TestCase("<!DOCTYPE Data [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Data>&x;</Data>", "DTD is prohibited")]
    [TestCase("<html><body>Server error</body></html>", "<html> is not pbsnodes' <Data> list")]
    [TestCase("", "printed nothing")]
    public void Nodes_GarbledOutput_FailureNamesWhere(string output, string expected)
    {
        var ex = Assert.Throws<PbsFormatException>(() => PbsNodeReader.Read(output, Nodes, TestQueues));

        Assert.That(ex!.Message, Does.StartWith($"the output of '{Nodes}' cannot be read").And.Contain(expected));
    }

    [TestCase("<Data><Job><job_state>Q</job_state></Job></Data>", "a <Job> has no <Job_Id>")]
    [TestCase("<Data><Job><Job_Id>1.h</Job_Id></Job></Data>", "job 1.h: no <job_state>")]
    [TestCase("<Data><Job><Job_Id>1.h</Job_Id><job_state>Q</job_state><Resource_List><nodes>2:ppn=x</nodes></Resource_List></Job></Data>", "job 1.h: ppn 'x'")]
    [TestCase("<Data><Job><Job_Id>1.h</Job_Id><job_state>Q</job_state><Resource_List><nodes>a\"||true||\"b</nodes></Resource_List></Job></Data>", "quote")]
    [TestCase("<Data><Job><Job_Id>1.h</Job_Id><job_state>Q</job_state><Resource_List><mem>much</mem></Resource_List></Job></Data>", "mem=much")]
    [TestCase("<Data><Job><Job_Id>1.h</Job_Id><job_state>Q</job_state></Job>\n<Job><Job_Id>1.h</Job_Id><job_state>Q</job_state></Job></Data>", "line 2: job 1.h is listed twice")]
    [TestCase("qstat: cannot connect to server torque-head (errno=111) Connection refused", "line 1")]
    public void Jobs_GarbledOutput_FailureNamesWhere(string output, string expected)
    {
        var ex = Assert.Throws<PbsFormatException>(() => PbsJobReader.Read(output, Jobs));

        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [Test]
    public void Queues_HeaderWithoutName_FailureNamesTheLine()
    {
        var ex = Assert.Throws<PbsFormatException>(() => PbsQueues.Read("Queue: batch\n    enabled = True\nQueue:\n", Queues));

        Assert.That(ex!.Message, Does.Contain("line 3"));
    }
}
