using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.Scheduling.EnergyAware;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>
/// Energy_Aware's spare power-ons: once power-ons are seen to fail, a request that boots several nodes gets spare
/// nodes booted with them, as many as save more idle node-seconds than they cost.
/// </summary>
[TestFixture]
public sealed class EnergyAwareSpareTests
{
    private readonly SchedulingOptions _scheduling = new();

    [Test]
    public void Count_NoFailureSeen_NoSpare() =>
        Assert.That(SparePowerOns.Count(booting: 64, nodes: 64, failureRate: 0, stallSeconds: 300, spareCost: 1), Is.Zero);

    [Test]
    public void Count_TenPercentFailing_SparesGrowWithTheNodesBootedAndShrinkWithTheirCost()
    {
        // 16 nodes booting, 10 % failing, a failure holding them 300 s, a spare costing 340 node-seconds: the expected
        // cost P(X(16+s) > s) x 16 x 300 + 340 s is least at s = 4 (3,911 with none; 0.043 x 4,800 + 4 x 340 = 1,567 with four).
        Assert.That(SparePowerOns.Count(16, 16, 0.1, 300, 340), Is.EqualTo(4));
        Assert.That(SparePowerOns.Count(1, 1, 0.1, 300, 340), Is.Zero, "one node: a spare would cut 30 expected node-seconds to 3 at a cost of 340");
        Assert.That(SparePowerOns.Count(16, 16, 0.1, 300, 3400), Is.LessThan(4), "dearer spares: fewer");
        Assert.That(SparePowerOns.Count(64, 64, 0.1, 300, 340), Is.GreaterThan(4),
            "more nodes at stake: more spares (one alone would hardly help 64 nodes: the count is chosen as a whole)");
    }

    [Test]
    public void Count_EveryPowerOnFailing_NoSpare() =>
        Assert.That(SparePowerOns.Count(8, 8, 1, 300, 1), Is.Zero, "a spare would fail too");

    [Test]
    public void Schedule_AfterPowerOnsFailed_AWideRequestGetsSparesFromTheOffNodesAndSaysSo()
    {
        // Ten power-ons seen: nine booted in 150 s, one reached OFF_ERR after MAX_WAIT_POWERON (300 s).
        var booted = Enumerable.Range(1, 9).Select(i => NodeBuilder.Named($"b{i}").In(NodeState.PowOn, 0).Build()).ToList();
        var failed = NodeBuilder.Named("f1").In(NodeState.PowOn, 0).Build();
        var wanted = Enumerable.Range(1, 16).Select(i => NodeBuilder.Named($"w{i:00}").In(NodeState.Off, 0).Build()).ToList();
        var spares = Enumerable.Range(1, 6).Select(i => NodeBuilder.Named($"s{i}").In(NodeState.Off, 0).Build()).ToList();
        var disabled = NodeBuilder.Named("a-disabled").In(NodeState.Off, 0).Disabled().Build();
        List<Node> nodes = [disabled, .. booted, failed, .. wanted, .. spares];
        var logger = new RecordingLogger<EnergyAwareScheduler>();
        var scheduler = new EnergyAwareScheduler(new EnergyAwareOptions { BootTime = 150, ShutdownTime = 20, ReserveFactor = 0, SparePowerOn = true }, _scheduling, logger);
        scheduler.Schedule(Pass(nodes, 10));
        booted.ForEach(n => n.SetState(NodeState.Idle, 150));
        failed.SetState(NodeState.Off, 300);
        Assert.That(failed.State, Is.EqualTo(NodeState.OffErr));
        scheduler.Schedule(Pass(nodes, 305));

        // PowOn_Requests chose the sixteen w nodes for a 16-node request.
        var request = RequestBuilder.WithId(7).Needing(1).Tasks(16).In(RequestState.Attended, 310).Build();
        var context = Pass(nodes, 310);
        wanted.ForEach(n => context.CandidatesOn.GetOrAdd(n.Name).Add(request));
        scheduler.Schedule(context);

        // Break-even 150 + 20 s; a spare costs it twice (the cycle and its idle tail): SparePowerOns.Count(16, 16, 0.1, 300, 340).
        Assert.That(context.CandidatesOn.Names.Skip(16), Is.EqualTo(new[] { "s1", "s2", "s3", "s4" }), "the disabled and the failed node are not spares");
        Assert.That(context.CandidatesOn.RequestsFor("s1"), Is.EqualTo(new[] { request }));
        Assert.That(logger.Entries.Where(e => e.EventId.Id == 342).Select(e => e.Message).First(),
            Is.EqualTo("Energy_Aware: powering on node s1 as a spare for request 7: 10 % of power-ons failed (1 of 10)"));
    }

    [Test]
    public void Schedule_NoPowerOnSeenToFail_AddsNoSpare()
    {
        var booted = Enumerable.Range(1, 4).Select(i => NodeBuilder.Named($"b{i}").In(NodeState.PowOn, 0).Build()).ToList();
        var off = Enumerable.Range(1, 20).Select(i => NodeBuilder.Named($"o{i:00}").In(NodeState.Off, 0).Build()).ToList();
        List<Node> nodes = [.. booted, .. off];
        var scheduler = new EnergyAwareScheduler(new EnergyAwareOptions { ReserveFactor = 0, SparePowerOn = true }, _scheduling, new RecordingLogger<EnergyAwareScheduler>());
        scheduler.Schedule(Pass(nodes, 10));
        booted.ForEach(n => n.SetState(NodeState.Idle, 150));
        var request = RequestBuilder.WithId(1).Needing(1).Tasks(16).In(RequestState.Attended, 160).Build();
        var context = Pass(nodes, 160);
        off.Take(16).ToList().ForEach(n => context.CandidatesOn.GetOrAdd(n.Name).Add(request));

        scheduler.Schedule(context);

        Assert.That(context.CandidatesOn.Count, Is.EqualTo(16));
    }

    [Test]
    public void Schedule_SparePowerOnLeftAtItsDefault_AddsNoSpareAfterFailures()
    {
        var failed = NodeBuilder.Named("f1").In(NodeState.PowOn, 0).Build();
        var off = Enumerable.Range(1, 20).Select(i => NodeBuilder.Named($"o{i:00}").In(NodeState.Off, 0).Build()).ToList();
        List<Node> nodes = [failed, .. off];
        var scheduler = new EnergyAwareScheduler(new EnergyAwareOptions { ReserveFactor = 0 }, _scheduling,
            new RecordingLogger<EnergyAwareScheduler>());
        scheduler.Schedule(Pass(nodes, 10));
        failed.SetState(NodeState.Off, 300);
        var request = RequestBuilder.WithId(1).Needing(1).Tasks(16).In(RequestState.Attended, 310).Build();
        var context = Pass(nodes, 310);
        off.Take(16).ToList().ForEach(n => context.CandidatesOn.GetOrAdd(n.Name).Add(request));

        scheduler.Schedule(context);

        Assert.That(context.CandidatesOn.Count, Is.EqualTo(16));
    }

    private static SchedulingContext Pass(IEnumerable<Node> nodes, double now) => new(now, new RequestQueue(),
        new MonitoringInfo(new NodeList(nodes), now, null, now),
        new ResourceMatcher(new MonitoringOptions(), new RequirementEvaluator()),
        (r, j, n) => throw new InvalidOperationException("no request expected"));
}
