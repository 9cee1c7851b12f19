using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.Mesos;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Mesos;

/// <summary>
/// The virtual-nodes file in both of CLUES' forms (FIX: CLUES 2.3 reads only the JSON one, and its own fixture is in
/// the other), with the line of each bad entry named.
/// </summary>
[TestFixture]
public sealed class MesosVirtualNodesTests
{
    private string _directory = "";
    private readonly MesosLrmsOptions _options = MesosLrmsOptions.Read(new CluesConfig());

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "clues-mesos-vnodes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private (List<NodeInfo> Nodes, List<string> Problems) Read(string content)
    {
        var path = Path.Combine(_directory, "mesos_vnodes.info");
        File.WriteAllText(path, content);
        var problems = new List<string>();
        return (MesosVirtualNodes.Read(path, _options, problems.Add), problems);
    }

    [Test]
    public void Read_CluesLegacyFixture_OneOffNodePerLine()
    {
        var problems = new List<string>();

        var nodes = MesosVirtualNodes.Read(TestEnvironment.Fixture("clues-test-files", "mesos_vnodes.info"), _options, problems.Add);

        Assert.That(nodes.Select(n => (n.Name, n.State, n.SlotsCount, n.SlotsFree, n.MemoryTotal, n.MemoryFree)), Is.EqualTo(new[]
        {
            ("10.0.0.84", NodeState.Off, 1.0, 1.0, 1572864000.0, 1572864000.0),
            ("vnode2", NodeState.Off, 1.0, 1.0, 1572864000.0, 1572864000.0),
        }));
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Read_LegacyWithCommentsBlankLinesCrLfAndABadLine_BadLineNamedAndSkipped()
    {
        var (nodes, problems) = Read("# workers\r\nwn1\r\n\r\n  wn2  \r\nwn 3 4G\r\nwn1\r\n");

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "wn2" }));
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems[0], Does.Contain("line 5").And.Contain("'wn 3 4G' is not a node name"));
        Assert.That(problems[1], Does.Contain("line 6").And.Contain("wn1 is listed again (first at line 2)"));
    }

    [Test]
    public void Read_JsonWithBadEntries_EachNamedByItsLine_TheRestKept()
    {
        var (nodes, problems) = Read("""
            [
              {"name": "wn1", "cpu": 2, "memory": "2Gi"},
              {"name": "wn2", "cpu": "two"},
              {"cpu": 4},
              "wn4",
              {"name": "wn5", "memory": "1 GB"},
              {"name": "wn6", "keywords": "novalue"},
              {"name": "wn7", "cpu": [1]},
              {"name": "wn 8"},
              {"name": "wn9", "keywords": "a=1,b=2"}
            ]
            """);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "wn9" }));
        Assert.That(problems, Is.EqualTo(new[]
        {
            $"{_directory}/mesos_vnodes.info line 3: the entry is skipped: \"cpu\" is 'two', not a positive integer",
            $"{_directory}/mesos_vnodes.info line 4: the entry is skipped: it has no \"name\"",
            $"{_directory}/mesos_vnodes.info line 5: the entry is skipped: it is String, not an object such as {{\"name\": \"wn1\"}}",
            $"{_directory}/mesos_vnodes.info line 6: the entry is skipped: \"memory\" is '1 GB', not a size such as 1572864000 (bytes), 2048Mi or 4G",
            $"{_directory}/mesos_vnodes.info line 7: the entry is skipped: \"keywords\" item 'novalue' is not key=value",
            $"{_directory}/mesos_vnodes.info line 8: the entry is skipped: \"cpu\" is Array, not a string or a number",
            $"{_directory}/mesos_vnodes.info line 9: the entry is skipped: \"name\" 'wn 8' is not a node name",
        }));
        Assert.That((nodes[0].SlotsCount, nodes[0].MemoryTotal), Is.EqualTo((2.0, 2147483648.0)));
        Assert.That(nodes[1].Keywords["b"], Is.EqualTo(KeywordValue.FromString("2")));
    }

    [Test]
    public void Read_BrokenJson_FailureNamingTheLine()
    {
        var error = Assert.Throws<IOException>(() => Read("[\n  {\"name\": \"wn1\"},\n  {\"name\": \"wn2\"\n]\n"));

        Assert.That(error!.Message, Does.Contain("mesos_vnodes.info line 4"), error.Message);
    }

    [Test]
    public void Read_JsonObjectInsteadOfList_FailureSayingSo()
    {
        var error = Assert.Throws<IOException>(() => Read("{\"name\": \"wn1\"}\n"));

        Assert.That(error!.Message, Does.Contain("line 1").And.Contain("not a JSON list"));
    }

    [Test]
    public void Read_Absent_FailureNamingTheKey_NotAnEmptyCluster()
    {
        var error = Assert.Throws<IOException>(() => MesosVirtualNodes.Read(Path.Combine(_directory, "absent.info"), _options, _ => { }));

        Assert.That(error!.Message, Does.Contain("absent.info").And.Contain("MESOS_VNODES_FILE"));
    }

    [Test]
    public void Read_ManyEntries_LinesCountedInOnePass()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => i == 19_999 ? "{\"name\": \"bad name\"}" : $"{{\"name\": \"wn{i}\"}}");
        var (nodes, problems) = Read("[\n" + string.Join(",\n", lines) + "\n]\n");

        Assert.That(nodes, Has.Count.EqualTo(19_999));
        Assert.That(problems.Single(), Does.Contain("line 20001"));
    }
}
