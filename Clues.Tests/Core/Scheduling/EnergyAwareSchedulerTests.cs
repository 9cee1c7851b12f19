using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Scheduling.EnergyAware;
using Clues.Core.StateMachine;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>
/// Energy_Aware: idle nodes outside the reserve go off after their break-even time (measured boot and shutdown
/// times, or the power figures); the reserve is the slots requested per second over HISTORY times the boot time.
/// </summary>
[TestFixture]
public sealed class EnergyAwareSchedulerTests
{
    private SchedulingScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new SchedulingScenario();

    private static EnergyAwareOptions Options(double boot = 100, double shutdown = 20, double reserveFactor = 1, double history = 3600) =>
        new() { BootTime = boot, ShutdownTime = shutdown, ReserveFactor = reserveFactor, History = history };

    private EnergyAwareScheduler Scheduler(EnergyAwareOptions options, ILogger<EnergyAwareScheduler>? logger = null) =>
        new(options, _s.Scheduling, logger ?? NullLogger<EnergyAwareScheduler>.Instance);

    [TestCase(119.0, false)]
    [TestCase(120.0, false)]
    [TestCase(120.5, true)]
    public void Schedule_NothingMeasuredNoArrivals_PowersOffAfterTheConfiguredBootPlusShutdownTime(double idleFor, bool proposed)
    {
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 1000).PoweredOnAt(0));

        var off = _s.Run(Scheduler(Options(boot: 100, shutdown: 20)), 1000 + idleFor).CandidatesOff;

        Assert.That(off, proposed ? Is.EqualTo(new[] { "wn1" }) : Is.Empty);
    }

    [Test]
    public void Schedule_MeasuredBootAndShutdown_TakeThePlaceOfTheConfiguredTimes()
    {
        // wn1 booted in 40 s and shut down in 15 s (the daemon's measurements): break-even 55 s, not 100 + 20.
        var wn1 = NodeBuilder.Named("wn1").In(NodeState.PowOff, 0).Build();
        wn1.SetState(NodeState.Off, 15);
        wn1.SetState(NodeState.PowOn, 100);
        wn1.SetState(NodeState.Idle, 140);
        var wn2 = NodeBuilder.Named("wn2").In(NodeState.Idle, 140).PoweredOnAt(0).Build();
        _s.WithNodes();
        var scheduler = Scheduler(Options(boot: 100, shutdown: 20));
        var nodes = new List<Node> { wn1, wn2 };

        Assert.That((wn1.LastBootSeconds, wn1.LastShutdownSeconds), Is.EqualTo(((double?)40, (double?)15)));
        var context = new SchedulingScenarioWith(nodes).Pass(200);
        scheduler.Schedule(context);

        // wn2 was never measured itself: it takes the mean of the measured nodes, as a node of the same cluster.
        Assert.That(context.CandidatesOff, Is.EqualTo(new[] { "wn1", "wn2" }), "60 s idle > 55 s for both");
        Assert.That(scheduler.ExplainIdle(wn1, 190)!.ToString(), Is.EqualTo(
            "below-break-even: idle for 50 s, not more than its break-even time (55 s, from its boot and shutdown times): 5 s to go"));
    }

    [Test]
    public void BreakEven_WithPowerFigures_IsTheCycleEnergyAboveStandbyOverTheIdleDrawAboveStandby()
    {
        var options = new EnergyAwareOptions { PowerIdle = 100, PowerOff = 10, PowerBoot = 190, PowerShutdown = 0 };

        // Boot 120 s at 190 W, shutdown 30 s at the idle 100 W: (120 * 180 + 30 * 90) / 90 = 270 s.
        Assert.That(options.BreakEven(120, 30), Is.EqualTo(270).Within(1e-9));
        Assert.That(new EnergyAwareOptions().BreakEven(120, 30), Is.EqualTo(150), "no power figures: the cycle's node-seconds");
    }

    [Test]
    public void Schedule_ArrivalsOfTheLastHour_KeepTheFreshestIdleNodesAsReserveAndPowerOffTheRest()
    {
        // 60 one-slot requests in the last hour x a break-even time of 100 + 20 s = 2 slots.
        QueueOneSlotRequests(60, from: 4100);
        _s.WithNodes(
            NodeBuilder.Named("wn1").In(NodeState.Idle, 7000).PoweredOnAt(0),
            NodeBuilder.Named("wn2").In(NodeState.Idle, 7300).PoweredOnAt(0),
            NodeBuilder.Named("wn3").In(NodeState.Idle, 7100).PoweredOnAt(0),
            NodeBuilder.Named("wn4").In(NodeState.Idle, 7200).PoweredOnAt(0));
        var scheduler = Scheduler(Options());

        var off = _s.Run(scheduler, 7600).CandidatesOff;

        Assert.That(scheduler.ReserveSlots, Is.EqualTo(2).Within(1e-9));
        Assert.That(off, Is.EquivalentTo(new[] { "wn1", "wn3" }), "wn2 and wn4 became idle last: they are the reserve");
        Assert.That(scheduler.ExplainIdle(_s.Node("wn2"), 7600)!.Code, Is.EqualTo("kept-in-reserve"));
        Assert.That(scheduler.ExplainIdle(_s.Node("wn1"), 7600)!.ToString(), Does.StartWith("due-for-power-off: idle for 600 s, more than its break-even time (120 s)"));
    }

    [Test]
    public void Schedule_ArrivalsOlderThanHistory_NoLongerHoldAReserve()
    {
        QueueOneSlotRequests(60, from: 4100);
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 7000).PoweredOnAt(0), NodeBuilder.Named("wn2").In(NodeState.Idle, 7300).PoweredOnAt(0),
            NodeBuilder.Named("wn3").In(NodeState.Idle, 7100).PoweredOnAt(0));
        var scheduler = Scheduler(Options());
        Assert.That(_s.Run(scheduler, 7600).CandidatesOff, Is.EqualTo(new[] { "wn1" }), "two slots of reserve: wn2 and wn3");

        var later = _s.Run(scheduler, 4100 + 59 * 50 + 3600 + 1).CandidatesOff;

        Assert.That(scheduler.ReserveSlots, Is.Zero);
        Assert.That(later, Is.EquivalentTo(new[] { "wn1", "wn2", "wn3" }));
    }

    [Test]
    public void Schedule_RequestsAskedAgainForTheSameJob_CountOnce()
    {
        _s.Queue(RequestBuilder.WithId(1).Needing(1).Tasks(36).ForJob("job7").In(RequestState.Served, 100));
        var scheduler = Scheduler(Options());
        _s.Run(scheduler, 200);
        _s.Queue(RequestBuilder.WithId(2).Needing(1).Tasks(36).ForJob("job7").In(RequestState.Pending, 300));

        _s.Run(scheduler, 400);

        Assert.That(scheduler.ReserveSlots, Is.EqualTo(36 / 3600.0 * 120).Within(1e-9));
    }

    [Test]
    public void Schedule_NodesChosenBookedDisabledOrCoolingDown_AreLeftAlone()
    {
        _s.Scheduling.CooldownNodes = 1000;
        _s.WithNodes(
            NodeBuilder.Named("chosen").In(NodeState.Idle, 0).PoweredOnAt(0),
            NodeBuilder.Named("booked").In(NodeState.Idle, 0).PoweredOnAt(0),
            NodeBuilder.Named("disabled").In(NodeState.Idle, 0).PoweredOnAt(0).Disabled(),
            NodeBuilder.Named("fresh").In(NodeState.Idle, 400).PoweredOnAt(400),
            NodeBuilder.Named("used").In(NodeState.Used, 0).PoweredOnAt(0),
            NodeBuilder.Named("old").In(NodeState.Idle, 0).PoweredOnAt(0));
        var context = _s.Pass(1200);
        context.CandidatesOn.GetOrAdd("chosen");
        context.Monitoring.Nodes.Find("booked")!.Allocate(new Resources(1, 0));

        Scheduler(Options()).Schedule(context);

        Assert.That(context.CandidatesOff, Is.EqualTo(new[] { "old" }));
    }

    [Test]
    public void Schedule_SameProposalRunAfterRun_IsLoggedAtInformationOnceThenAtDebug()
    {
        var logger = new RecordingLogger<EnergyAwareScheduler>();
        var scheduler = Scheduler(Options(), logger);
        _s.WithNodes(NodeBuilder.Named("wn1").In(NodeState.Idle, 0).PoweredOnAt(0));

        foreach (var now in new[] { 200.0, 205, 210 })
        {
            scheduler.Schedule(_s.Pass(now));
        }

        Assert.That(logger.Entries.Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Information, LogLevel.Debug, LogLevel.Debug }));
        Assert.That(logger.Entries[0].Message, Does.Contain("wn1").And.Contain("break-even time (120 s)"));
    }

    [Test]
    public void Read_Section_BindsEveryKeyAndRejectsBadValuesByName()
    {
        var config = new CluesConfig();
        config.Set(EnergyAwareOptions.Section, "BOOT_TIME", "200");
        config.Set(EnergyAwareOptions.Section, "RESERVE_FACTOR", "2.5");
        config.Set(EnergyAwareOptions.Section, "HISTORY", "0");

        var options = EnergyAwareOptions.Read(config);

        Assert.That((options.BootTime, options.ReserveFactor, options.History), Is.EqualTo((200.0, 2.5, 3600.0)), "a rejected value falls back to its default");
        Assert.That(config.Errors.Select(e => e.Key), Is.EqualTo(new[] { "HISTORY" }));
    }

    private void QueueOneSlotRequests(int count, double from)
    {
        for (var i = 0; i < count; i++)
        {
            _s.Queue(RequestBuilder.WithId(i + 1).Needing(1).In(RequestState.Served, from + i * 50));
        }
    }

    /// <summary>A pass over given nodes (measured ones need real state changes, which the builders do not make).</summary>
    private sealed class SchedulingScenarioWith(IEnumerable<Node> nodes)
    {
        public Clues.Core.Scheduling.SchedulingContext Pass(double now) => new(now, new Clues.Core.Requests.RequestQueue(),
            new Clues.Core.Scheduling.MonitoringInfo(new Clues.Core.Scheduling.NodeList(nodes), now, null, now),
            new Clues.Core.Scheduling.ResourceMatcher(new MonitoringOptions(), new Clues.Core.Requirements.RequirementEvaluator()),
            (r, j, n) => throw new InvalidOperationException("no request expected"));
    }
}
