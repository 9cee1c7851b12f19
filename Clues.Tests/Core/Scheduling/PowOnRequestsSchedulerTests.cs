using Clues.Core.Model;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>Step B of PowOn_Requests (spec §4.2): the six cases, the cap, head-of-line waits, packing and filters.</summary>
[TestFixture]
public sealed class PowOnRequestsSchedulerTests
{
    private const double Now = 100;
    private SchedulingScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new SchedulingScenario();

    private static NodeBuilder Node(string name, NodeState state, double slots = 1, double? free = null) =>
        NodeBuilder.Named(name).WithSlots(slots, free).WithMemory(4096).In(state);

    private static RequestBuilder Request(long id, double slots = 1) => RequestBuilder.WithId(id).Needing(slots, 256);

    private SchedulingContext Run() => _s.Run(_s.PowOnRequests(), Now);

    private IReadOnlyList<string>? Booked(long id) => _s.Bookings.Find(id)?.Nodes;

    [Test]
    public void Schedule_FitsOnIdleNode_ServesAndReservesCase1()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4));
        var request = _s.Queue(Request(1));

        var pass = Run();

        Assert.Multiple(() =>
        {
            Assert.That(request.State, Is.EqualTo(RequestState.Served));
            Assert.That(request.TimestampState, Is.EqualTo(Now));
            Assert.That((_s.Node("wn1").SlotsFree, _s.Node("wn1").MemoryFree), Is.EqualTo((3.0, 3840.0)));
            Assert.That(Booked(1), Is.EqualTo(new[] { "wn1" }));
            Assert.That(pass.CandidatesOn.Count, Is.Zero);
        });
    }

    [Test]
    public void Schedule_FitsOnOnNodesBehindAttendedRequest_BlocksButStillReserves()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4));
        _s.Queue(Request(1).In(RequestState.Attended, 50));
        var request = _s.Queue(Request(2));

        Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Blocked));
        Assert.That(_s.Node("wn1").SlotsFree, Is.EqualTo(3));
        Assert.That(Booked(2), Is.EqualTo(new[] { "wn1" }));
    }

    [Test]
    public void Schedule_BlockedRequestNowServable_ServesIt()
    {
        _s.WithNodes(Node("wn1", NodeState.Used, 4, free: 2));
        var request = _s.Queue(Request(1).In(RequestState.Blocked, 50));

        Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Served));
    }

    [Test]
    public void Schedule_NeedsPoweringOnNode_AttendsWithoutPowerOnCase2()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 1), Node("wn2", NodeState.PowOn, 1));
        var request = _s.Queue(Request(1).Tasks(2, maxPerNode: 1));

        var pass = Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Attended));
        Assert.That(request.TimestampAttended, Is.EqualTo(Now));
        Assert.That(Booked(1), Is.EqualTo(new[] { "wn1", "wn2" }), "packed on the on-node, then the booting one");
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_FitsOnOffNodeChosenEarlierInPass_PrefersItCase3()
    {
        _s.WithNodes(Node("wn2", NodeState.Off, 2), Node("wn1", NodeState.Off, 8));
        var first = _s.Queue(Request(1, slots: 4));
        var second = _s.Queue(Request(2, slots: 1));

        var pass = Run();

        Assert.Multiple(() =>
        {
            Assert.That(first.State, Is.EqualTo(RequestState.Attended));
            Assert.That(second.State, Is.EqualTo(RequestState.Attended));
            Assert.That(Booked(2), Is.EqualTo(new[] { "wn1" }), "wn1 is already being powered on; wn2 comes first in LRMS order");
            Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1" }));
            // FIX (spec §14 Q11): both motivating requests are kept.
            Assert.That(pass.CandidatesOn.RequestsFor("wn1"), Is.EqualTo(new[] { first, second }));
        });
    }

    [Test]
    public void Schedule_NeedsOffNode_PowersOnFirstFitInLrmsOrderCase4()
    {
        _s.WithNodes(Node("wn1", NodeState.Used, 4, free: 0), Node("wn3", NodeState.Off, 1), Node("wn2", NodeState.Off, 1));
        var request = _s.Queue(Request(1));

        var pass = Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn3" }));
        Assert.That(pass.CandidatesOn.RequestsFor("wn3"), Is.EqualTo(new[] { request }));
        Assert.That(_s.Node("wn3").SlotsFree, Is.Zero, "reserved on the pass copy");
    }

    [Test]
    public void Schedule_OnlyPoweringOffNodeFits_PowersItBackOnCase5()
    {
        _s.WithNodes(Node("wn1", NodeState.PowOff, 1));
        var request = _s.Queue(Request(1));

        var pass = Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1" }));
    }

    [Test]
    public void Schedule_OffAndPoweringOffNodesFit_PrefersOffNode()
    {
        _s.WithNodes(Node("wn1", NodeState.PowOff, 1), Node("wn2", NodeState.Off, 1));
        _s.Queue(Request(1));

        var pass = Run();

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn2" }));
    }

    [Test]
    public void Schedule_NoNodeCanHoldOneTask_NotServedCase6()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 2), Node("wn2", NodeState.Off, 2));
        var request = _s.Queue(Request(1, slots: 4));

        var pass = Run();

        Assert.That(request.State, Is.EqualTo(RequestState.NotServed));
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_PlatformTooSmallButSomeNodeFits_BlocksAndPowersNothingCase6()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 2), Node("wn2", NodeState.Off, 2));
        var request = _s.Queue(Request(1).Tasks(3, maxPerNode: 1));

        var pass = Run();

        // KEEP (spec §14 Q7): BLOCKED with an empty placement; nothing reserved, nothing powered on.
        Assert.That(request.State, Is.EqualTo(RequestState.Blocked));
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
        Assert.That(_s.Node("wn1").SlotsFree, Is.EqualTo(2));
        Assert.That(Booked(1), Is.Empty);
    }

    [Test]
    public void Schedule_UnplaceableBehindAliveRequest_StopsTheRestOfTheQueue()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4));
        _s.Queue(Request(1).In(RequestState.Attended, 50));
        var stuck = _s.Queue(Request(2, slots: 10));
        var servable = _s.Queue(Request(3));

        Run();

        Assert.That(stuck.State, Is.EqualTo(RequestState.Pending), "head-of-line wait, not NOT_SERVED");
        Assert.That(servable.State, Is.EqualTo(RequestState.Pending), "not evaluated in this pass");
        Assert.That(_s.Node("wn1").SlotsFree, Is.EqualTo(4));
    }

    [Test]
    public void Schedule_UnplaceableWithNothingAlive_GoesOnWithTheQueue()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4));
        var unplaceable = _s.Queue(Request(1, slots: 10));
        var servable = _s.Queue(Request(2));

        Run();

        Assert.That(unplaceable.State, Is.EqualTo(RequestState.NotServed));
        Assert.That(servable.State, Is.EqualTo(RequestState.Served));
    }

    [Test]
    public void Schedule_ServedAndBlockedRequestsAhead_DoNotCountAsAlive()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4));
        var served = _s.Queue(Request(1).In(RequestState.Served, 50));
        var blocked = _s.Queue(Request(2).Tasks(5, maxPerNode: 1).In(RequestState.Blocked, 50));
        var request = _s.Queue(Request(3));

        Run();

        Assert.That(served.State, Is.EqualTo(RequestState.Served));
        Assert.That(served.TimestampState, Is.EqualTo(50), "requests in other states are not evaluated");
        Assert.That(blocked.State, Is.EqualTo(RequestState.Blocked));
        Assert.That(request.State, Is.EqualTo(RequestState.Served));
    }

    [Test]
    public void Schedule_EarlierRequestReservedCapacity_LaterOneGoesElsewhere()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 1), Node("wn2", NodeState.Off, 1));
        var first = _s.Queue(Request(1));
        var second = _s.Queue(Request(2));

        var pass = Run();

        Assert.That(first.State, Is.EqualTo(RequestState.Served));
        Assert.That(second.State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn2" }));
    }

    [Test]
    public void Schedule_MaxBootingNodesReachedByBootingNode_StopsTheWholeQueue()
    {
        _s.Scheduling.MaxBootingNodes = 1;
        _s.WithNodes(Node("wn0", NodeState.PowOn, 1, free: 0), Node("wn1", NodeState.Used, 1, free: 0), Node("wn2", NodeState.Off, 1));
        var needsBoot = _s.Queue(Request(1));
        var needsNothing = _s.Queue(RequestBuilder.WithId(2).Needing(0, 0));

        var pass = Run();

        Assert.That(needsBoot.State, Is.EqualTo(RequestState.Pending));
        Assert.That(needsNothing.State, Is.EqualTo(RequestState.Pending), "servable, but the queue stopped before it");
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_MaxBootingNodesReachedInThisPass_StopsAtTheNextRequestNeedingABoot()
    {
        _s.Scheduling.MaxBootingNodes = 1;
        _s.WithNodes(Node("wn1", NodeState.Off, 1), Node("wn2", NodeState.Off, 1));
        var first = _s.Queue(Request(1));
        var second = _s.Queue(Request(2));

        var pass = Run();

        Assert.That(first.State, Is.EqualTo(RequestState.Attended));
        Assert.That(second.State, Is.EqualTo(RequestState.Pending));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1" }));
    }

    [Test]
    public void Schedule_OneRequestNeedsMoreNodesThanTheCap_PowersThemAll()
    {
        _s.Scheduling.MaxBootingNodes = 1;
        _s.WithNodes(Node("wn1", NodeState.Off, 1), Node("wn2", NodeState.Off, 1));
        var request = _s.Queue(Request(1).Tasks(2, maxPerNode: 1));

        var pass = Run();

        // KEEP (spec §14 Q10): the cap only gates new decisions.
        Assert.That(request.State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1", "wn2" }));
    }

    [Test]
    public void Schedule_CapNotReached_DoesNotStop()
    {
        _s.Scheduling.MaxBootingNodes = 2;
        _s.WithNodes(Node("wn0", NodeState.PowOn, 1, free: 0), Node("wn1", NodeState.Off, 1));
        var request = _s.Queue(Request(1));

        var pass = Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn1" }));
    }

    [Test]
    public void Schedule_MaxTasksPerNode_PacksAtMostThatManyPerNode()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4), Node("wn2", NodeState.Idle, 4));
        _s.Queue(Request(1).Tasks(3, maxPerNode: 2));

        Run();

        Assert.That(Booked(1), Is.EqualTo(new[] { "wn1", "wn1", "wn2" }));
        Assert.That((_s.Node("wn1").SlotsFree, _s.Node("wn2").SlotsFree), Is.EqualTo((2.0, 3.0)));
    }

    [Test]
    public void Schedule_NoMaxTasksPerNode_PacksFirstNodeFull()
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4), Node("wn2", NodeState.Idle, 4));
        _s.Queue(Request(1).Tasks(3));

        Run();

        Assert.That(Booked(1), Is.EqualTo(new[] { "wn1", "wn1", "wn1" }));
    }

    [Test]
    public void Schedule_MemoryRunsOutOnNode_PacksTheRestOnTheNext()
    {
        _s.WithNodes(NodeBuilder.Named("wn1").WithSlots(8).WithMemory(1000), NodeBuilder.Named("wn2").WithSlots(8).WithMemory(1000));
        _s.Queue(RequestBuilder.WithId(1).Needing(1, 400).Tasks(3));

        Run();

        Assert.That(Booked(1), Is.EqualTo(new[] { "wn1", "wn1", "wn2" }));
    }

    [Test]
    public void Schedule_DisabledOnNodes_StillCountAsCapacity()
    {
        // KEEP (spec §2.9, §14 Q8): cases 1–2 do not check the enable flag.
        _s.WithNodes(Node("wn1", NodeState.Idle, 1).Disabled(), Node("wn2", NodeState.PowOn, 1).Disabled());
        var first = _s.Queue(Request(1));
        var second = _s.Queue(Request(2));

        Run();

        Assert.That(first.State, Is.EqualTo(RequestState.Served));
        Assert.That(second.State, Is.EqualTo(RequestState.Attended), "placed on the disabled booting node (case 2)");
    }

    [Test]
    public void Schedule_DisabledOffNode_IsSkippedForTheNextEnabledOne()
    {
        _s.WithNodes(Node("wn1", NodeState.Off, 1).Disabled(), Node("wn2", NodeState.Off, 1));
        _s.Queue(Request(1));

        var pass = Run();

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn2" }));
    }

    [TestCase(NodeState.Off)]
    [TestCase(NodeState.PowOff)]
    public void Schedule_OnlyDisabledBootableNodes_NotServed(NodeState state)
    {
        _s.WithNodes(Node("wn1", state, 1).Disabled());
        var request = _s.Queue(Request(1));

        var pass = Run();

        Assert.That(request.State, Is.EqualTo(RequestState.NotServed));
        Assert.That(pass.CandidatesOn.Count, Is.Zero);
    }

    [Test]
    public void Schedule_RequirementOnQueues_PlacesOnlyOnMatchingNode()
    {
        _s.WithNodes(
            Node("wn1", NodeState.Idle, 4).WithKeyword("queues", "[all]").WithKeyword("hostname", "wn1"),
            Node("wn2", NodeState.Idle, 4).WithKeyword("queues", "[all,gpu]").WithKeyword("hostname", "wn2"));
        var request = _s.Queue(Request(1).Requiring("\"gpu\" in queues"));

        Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Served));
        Assert.That(Booked(1), Is.EqualTo(new[] { "wn2" }));
    }

    [Test]
    public void Schedule_RequirementMatchesOnlyAnOffNode_PowersThatNodeOn()
    {
        _s.WithNodes(
            Node("wn1", NodeState.Idle, 4).WithKeyword("hostname", "wn1"),
            Node("wn2", NodeState.Off, 4).WithKeyword("hostname", "wn2"),
            Node("wn3", NodeState.Off, 4).WithKeyword("hostname", "wn3"));
        _s.Queue(Request(1).Requiring("hostname == \"wn3\"", " "));

        var pass = Run();

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "wn3" }), "an empty expression holds");
    }

    [Test]
    public void Schedule_NodeKeywordsChangeBetweenPasses_RequirementEvaluatedAgain()
    {
        // Requirement results are kept from pass to pass (one matcher, as in the daemon), but only for unchanged keywords.
        _s.Matcher = new ResourceMatcher(_s.Monitoring, new RequirementEvaluator());
        _s.WithNodes(Node("wn1", NodeState.Off, 4).WithKeyword("queues", "[all]"), Node("wn2", NodeState.Off, 4).WithKeyword("queues", "[gpu]"));
        var scheduler = _s.PowOnRequests();
        var first = _s.Queue(Request(1).Requiring("\"gpu\" in queues"));
        _s.Run(scheduler, Now);
        Assert.That(Booked(1), Is.EqualTo(new[] { "wn2" }));

        var gpu = new Dictionary<string, KeywordValue> { ["queues"] = KeywordValue.Parse("[all,gpu]") };
        _s.Node("wn1").UpdateInfo(new NodeInfo("wn1", 4, 4, 4096, 4096, gpu, NodeState.Off), Now + 10);
        _s.Node("wn2").UpdateInfo(new NodeInfo("wn2", 4, 4, 4096, 4096, new Dictionary<string, KeywordValue>(), NodeState.Off), Now + 10);
        var second = _s.Queue(Request(2).Requiring("\"gpu\" in queues"));
        var pass = _s.Run(scheduler, Now + 20);

        Assert.That(second.State, Is.EqualTo(RequestState.Attended));
        Assert.That(Booked(2), Is.EqualTo(new[] { "wn1" }), "wn1 now has the gpu queue, wn2 no longer");
        Assert.That(first.State, Is.EqualTo(RequestState.Attended));
        Assert.That(pass.CandidatesOn.Names, Does.Contain("wn1"));
    }

    [TestCase("hostname == \"wn1\"", "\"gpu\" in queues")]
    [TestCase("undefined_keyword == 1")]
    [TestCase("\"gpu\" in queues and true")]
    public void Schedule_RequirementsNoNodeMeets_NotServed(params string[] expressions)
    {
        _s.WithNodes(Node("wn1", NodeState.Idle, 4).WithKeyword("queues", "[gpu]").WithKeyword("hostname", "wn2"));
        var request = _s.Queue(Request(1).Requiring(expressions));

        Run();

        Assert.That(request.State, Is.EqualTo(RequestState.NotServed));
    }

    [Test]
    public void Schedule_NegativeResources_MeanInfinite()
    {
        _s.WithNodes(NodeBuilder.Named("wn1").WithSlots(-1).WithMemory(-1));
        var request = _s.Queue(RequestBuilder.WithId(1).Needing(100, 1e12).Tasks(3));

        Run();

        Assert.That(request.State, Is.EqualTo(RequestState.Served));
        Assert.That(Booked(1), Is.EqualTo(new[] { "wn1", "wn1", "wn1" }));
    }

    [Test]
    public void Schedule_NegativeResourcesNotInfinite_NotServed()
    {
        _s.Monitoring.NegativeResourcesMeansInfinite = false;
        _s.WithNodes(NodeBuilder.Named("wn1").WithSlots(-1).WithMemory(-1));
        var request = _s.Queue(RequestBuilder.WithId(1).Needing(1, 1));

        Run();

        Assert.That(request.State, Is.EqualTo(RequestState.NotServed));
    }
}
