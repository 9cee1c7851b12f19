using System.Text.RegularExpressions;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Integration.Lab;

public sealed partial class LabSubnetsTests
{
    [Test]
    public void EveryLab_HasItsOwnSubnet()
    {
        var shared = LabSubnets.All.GroupBy(l => l.Subnet).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(l => l.Lab))}");
        Assert.That(shared, Is.Empty, "labs on the same subnet collide when one is still up while the other starts");
    }

    [TestCase("swarm-lab.sh", LabSubnets.SwarmGuide)]
    [TestCase("slurm-lab.sh", LabSubnets.Slurm)]
    [TestCase("sge-lab.sh", LabSubnets.Sge)]
    public void LabScriptDefault_IsTheListedSubnet(string script, string subnet)
    {
        var text = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "lab", script));
        var match = DefaultPrefix().Match(text);
        Assert.That(match.Success, Is.True, $"{script} sets a LAB_SUBNET_PREFIX default");
        Assert.That(match.Groups[1].Value, Is.EqualTo(subnet), script);
    }

    [GeneratedRegex(@"LAB_SUBNET_PREFIX:-([0-9.]+)\}")]
    private static partial Regex DefaultPrefix();
}
