using Clues.Plugins.Pbs;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>Torque node requests (<c>-l nodes=...</c>) as CLUES requests.</summary>
[TestFixture]
public sealed class TorqueRequestTests
{
    [TestCase("1", null, 1, 1.0, "")]
    [TestCase("3", null, 3, 1.0, "")]
    [TestCase("2:ppn=8", "batch", 2, 8.0, "(\"batch\" in queues) && ppn>=8")]
    [TestCase("node07", null, 1, 1.0, "hostname==\"node07\"")]
    [TestCase("1:gpus=2:fast:ib", null, 1, 1.0, "([\"fast\" , \"ib\"] subset properties) && gpus>=2")]
    [TestCase("2:mppwidth=4", null, 2, 1.0, "")]
    [TestCase("1:ppn=2+1", null, 2, 1.0, "")]
    public void NodeRequest(string nodes, string? queue, int tasks, double slots, string expression)
    {
        var resources = TorqueRequest.From(nodes, queue, null, null);

        Assert.That((resources.TaskCount, resources.Slots, resources.Expressions.Single()), Is.EqualTo((tasks, slots, expression)));
    }

    [Test]
    public void ArrayCopiesMultiplyTheTasks_MemorySharedByThem()
    {
        var resources = TorqueRequest.From("2", null, "4gb", null, copies: 3);

        Assert.That((resources.TaskCount, resources.Memory), Is.EqualTo((6, 4.0 * 1024 * 1024 * 1024 / 6)));
    }

    [TestCase("")]
    [TestCase("0")]
    [TestCase("2:ppn=0")]
    [TestCase("2:ppn=-1")]
    [TestCase("999999999")]
    [TestCase("host name")]
    [TestCase("n1:prop\"erty")]
    [TestCase("n1\\")]
    [TestCase("1++1")]
    public void UnreadableOrUnquotableRequest_IsAFormatError(string nodes) =>
        Assert.Throws<FormatException>(() => TorqueRequest.From(nodes, null, null, null));

    [TestCase("8167188kb", 8167188.0 * 1024)]
    [TestCase("2gb", 2.0 * 1024 * 1024 * 1024)]
    [TestCase("2GB", 2.0 * 1024 * 1024 * 1024)]
    [TestCase("512", 512.0)]
    [TestCase("1.5mb", 1.5 * 1024 * 1024)]
    [TestCase("4kw", 4.0 * 1024 * 8)]
    public void Sizes(string text, double bytes)
    {
        Assert.That(TorqueSize.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(bytes));
    }

    [TestCase("")]
    [TestCase("kb")]
    [TestCase("lots")]
    [TestCase("1xb")]
    [TestCase("-1kb")]
    public void BadSizes(string text) => Assert.That(TorqueSize.TryParse(text, out _), Is.False);
}
