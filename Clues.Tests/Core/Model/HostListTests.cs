using Clues.Core.Model;
using NUnit.Framework;

namespace Clues.Tests.Core.Model;

[TestFixture]
public sealed class HostListTests
{
    [TestCase("slab1", new[] { "slab1" })]
    [TestCase("slab[1-3]", new[] { "slab1", "slab2", "slab3" })]
    [TestCase("vnode-[1-2]", new[] { "vnode-1", "vnode-2" })]
    [TestCase("wn[08-10]", new[] { "wn08", "wn09", "wn10" })]
    [TestCase("wn[1,3-4],gpu1", new[] { "wn1", "wn3", "wn4", "gpu1" })]
    [TestCase("r[1-2]n[1-2]", new[] { "r1n1", "r1n2", "r2n1", "r2n2" })]
    [TestCase("a[1]-ib", new[] { "a1-ib" })]
    [TestCase("a,b", new[] { "a", "b" })]
    public void Expand(string list, string[] expected) =>
        Assert.That(HostList.Expand(list), Is.EqualTo(expected));

    [TestCase("wn[1-")]
    [TestCase("wn1-3]")]
    [TestCase("wn[3-1]")]
    [TestCase("wn[a-b]")]
    [TestCase("wn[[1-2]]")]
    [TestCase("wn[]")]
    public void Expand_Malformed_Throws(string list) =>
        Assert.Throws<FormatException>(() => HostList.Expand(list));

    [TestCase("n[0-999999999]")]
    [TestCase("a[1-99999]b[1-99999]")]
    public void Expand_Huge_IsRefusedNotAllocated(string list)
    {
        var ex = Assert.Throws<FormatException>(() => HostList.Expand(list));

        Assert.That(ex!.Message, Does.Contain(HostList.MaxNames.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
