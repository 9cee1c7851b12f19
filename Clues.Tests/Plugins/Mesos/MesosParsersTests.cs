using System.Text;
using Clues.Core.Http;
using Clues.Plugins.Mesos;
using Clues.Plugins.Mesos.Api;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Mesos;

/// <summary>The plugin's readers of outside text on hostile input: the Spark environment page, the Chronos graph, an endless body.</summary>
[TestFixture]
public sealed class MesosParsersTests
{
    [TestCase("<td>spark.cores.max</td><td>8</td><td>spark.executor.memory</td><td>512m</td>", 8, 536870912L)]
    [TestCase("<td>spark.executor.memory</td><td>3G</td>", 0, 3221225472L)]
    [TestCase("<td>spark.executor.memory</td><td>100</td>", 0, 10L)] // KEEP: CLUES reads the last character as the unit
    [TestCase("<td>spark.cores.max</td><td>lots</td>", 0, 0L)]
    [TestCase("<td>spark.cores.max</td><td>99999999999999999999</td>", 0, 0L)]
    [TestCase("<td>spark.executor.memory</td><td>99999999999999999g</td>", 0, 0L)]
    [TestCase("<td>spark.cores.max</td><td>4", 0, 0L)] // no closing cell
    [TestCase("<html>no Spark here</html>", 0, 0L)]
    [TestCase("", 0, 0L)]
    public void SparkEnvironment_CluesCells_AbsentOrUnreadableIsZero(string html, int cpus, long memory) =>
        Assert.That(SparkEnvironment.Parse(html), Is.EqualTo((cpus, memory)));

    [Test]
    public async Task ChronosGraph_ErrorPageWithStatus200_FormatErrorNamingTheLine()
    {
        var error = Assert.ThrowsAsync<FormatException>(() => ChronosGraph.ReadAsync(new StringReader("node,a,fresh,idle\n<html>502 Bad Gateway</html>\n"), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("line 2").And.Contain("neither a node nor a link row"));
        var graph = await ChronosGraph.ReadAsync(new StringReader("node,a,fresh,queued\nnode,a,fresh,idle\nlink,a,b\n"), CancellationToken.None);
        Assert.That((graph.StateOf("a"), graph.StateOf("b")), Is.EqualTo(("queued", (string?)null)), "the first row of a job counts, as CLUES' search");
    }

    [Test]
    public void BoundedStream_ServerSendingMoreThanTheBound_RefusedNamingTheSource()
    {
        var source = new Uri("http://master:5050/master/state.json");
        using var stream = new BoundedStream(new MemoryStream(new byte[4096]), 1024, source);

        var error = Assert.ThrowsAsync<RestApiException>(async () => await stream.CopyToAsync(Stream.Null));

        Assert.That(error!.Message, Does.Contain(source.ToString()).And.Contain("refused"));
        using var within = new BoundedStream(new MemoryStream(Encoding.UTF8.GetBytes("{}")), 1024, source);
        Assert.That(new StreamReader(within).ReadToEnd(), Is.EqualTo("{}"));
    }
}
