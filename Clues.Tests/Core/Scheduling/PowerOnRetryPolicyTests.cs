using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>The backoff and quarantine rules, from a node's failure count and the time it entered OFF_ERR.</summary>
[TestFixture]
public sealed class PowerOnRetryPolicyTests
{
    private static Node FailedNode(int failures, double since)
    {
        var node = new Node(new NodeInfo("wn1", 2, 2, 1024, 1024, state: NodeState.Off), 0, NodeRules.Default);
        for (var i = 0; i < failures; i++)
        {
            node.SetState(NodeState.PowOn, since, force: true);
            node.SetState(NodeState.OffErr, since, force: true);
            if (i < failures - 1)
            {
                node.SetState(NodeState.Off, since, force: true);
            }
        }
        return node;
    }

    [TestCase(0, 0)]
    [TestCase(1, 30)]
    [TestCase(2, 60)]
    [TestCase(3, 120)]
    [TestCase(6, 600)]
    [TestCase(60, 600)]
    public void Delay_DoublesFromTheBase_UpToTheCap(int failures, double expected) =>
        Assert.That(new PowerOnRetryPolicy(new SchedulingOptions()).Delay(failures), Is.EqualTo(expected));

    [Test]
    public void Delay_UnderClues23Decisions_IsZero() =>
        Assert.That(new PowerOnRetryPolicy(new SchedulingOptions { Clues23Decisions = true }).Delay(2), Is.Zero);

    [Test]
    public void MayRetry_OnlyOnceTheBackoffIsOver()
    {
        var policy = new PowerOnRetryPolicy(new SchedulingOptions());
        var node = FailedNode(2, since: 1000);

        Assert.That(node.PowerOnOperationFailed, Is.EqualTo(2));
        Assert.That(policy.RetryAt(node), Is.EqualTo(1060));
        Assert.That(policy.MayRetry(node, 1059.9), Is.False);
        Assert.That(policy.MayRetry(node, 1060), Is.True);
        Assert.That(policy.IsQuarantined(node), Is.False);
    }

    [Test]
    public void AtRetriesPowerOn_TheNodeIsQuarantined_AndNeverRetried()
    {
        var policy = new PowerOnRetryPolicy(new SchedulingOptions { RetriesPowerOn = 3, QuarantineTime = 3600 });
        var node = FailedNode(3, since: 1000);

        Assert.That(policy.IsQuarantined(node), Is.True);
        Assert.That(policy.MayRetry(node, 1_000_000), Is.False);
        Assert.That(policy.ReleaseAt(node), Is.EqualTo(4600));
        Assert.That(new PowerOnRetryPolicy(new SchedulingOptions { RetriesPowerOn = 3 }).ReleaseAt(node), Is.Null);
    }

    [Test]
    public void ANodeThatIsNotInOffErr_IsNeverQuarantined()
    {
        var policy = new PowerOnRetryPolicy(new SchedulingOptions { RetriesPowerOn = 1 });
        var node = FailedNode(1, since: 10);
        node.SetState(NodeState.Off, 20, force: true);

        Assert.That(node.PowerOnOperationFailed, Is.EqualTo(1), "recovery keeps the count");
        Assert.That(policy.IsQuarantined(node), Is.False);
    }
}
