using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Power;
using Clues.Core.Requests;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// The scheduling pass alone, with scripted schedulers: the power-off veto of spec §14 Q9 (and CLUES23_DECISIONS
/// turning it off), a failing scheduler that does not stop the chain, the rows of requests a scheduler creates, and
/// no pass before the first report.
/// </summary>
[TestFixture]
public sealed class SchedulingPassTests
{
    private readonly GeneralOptions _general = new();
    private readonly MonitoringOptions _monitoring = new() { CooldownServedRequests = 60 };
    private SchedulingOptions _scheduling = null!;
    private readonly HookRunner _hooks = new(new HooksOptions(), NullLogger<HookRunner>.Instance);
    private InMemoryCluesStore _store = null!;
    private BookingSystem _bookings = null!;
    private DaemonMetrics _metrics = null!;
    private EventLoop _loop = null!;
    private RequestBook _book = null!;
    private NodeMonitor _nodes = null!;
    private JobMonitor _jobs = null!;
    private PowerActuator _power = null!;

    [SetUp]
    public void SetUp()
    {
        // Fresh options for each test: NUnit keeps one fixture instance for all of them.
        _scheduling = new SchedulingOptions();
        var time = new VirtualTimeProvider();
        time.JumpTo(1000);
        var clock = new CluesClock(time);
        _loop = new EventLoop(clock, NullLogger<EventLoop>.Instance);
        _store = new InMemoryCluesStore();
        _bookings = new BookingSystem(_monitoring, NullLogger<BookingSystem>.Instance);
        _metrics = new DaemonMetrics();
        var state = new DaemonStateStore(_store);
        _book = new RequestBook(state, _bookings, _hooks, _metrics, _monitoring, NullLogger.Instance);
        _nodes = new NodeMonitor(state, new NodeRules(_monitoring, null, NullLogger.Instance), _general, _monitoring, NullLogger.Instance);
        _jobs = new JobMonitor(_monitoring, _scheduling, job => _book.New(job.Resources, job.JobId, job.NodeIds, _loop.Now), NullLogger.Instance);
        var lrms = new Mock<ILrmsPlugin>();
        lrms.Setup(l => l.PreparePowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        lrms.Setup(l => l.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var machines = new Mock<IPowerManager>();
        machines.Setup(p => p.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string node, CancellationToken _) => Task.FromResult(PowerResult.Ok(node)));
        var platform = new Platform(lrms.Object, machines.Object, _general, clock, NullLogger<Platform>.Instance);
        _power = new PowerActuator(_loop, platform, _hooks, _metrics, _nodes.Find, _nodes.Record, dryRun: null, NullLogger.Instance);
    }

    [TearDown]
    public void TearDown() => _store.Dispose();

    [OneTimeTearDown]
    public async Task DisposeHooks() => await _hooks.DisposeAsync();

    private SchedulingPass Pass(params IScheduler[] schedulers) =>
        new(_loop, new SchedulerChain(schedulers, _bookings, new ResourceMatcher(_monitoring, new RequirementEvaluator())),
            _book, _nodes, _jobs, _power, _general, _scheduling, NullLogger.Instance);

    private void Report(params string[] idle) =>
        _nodes.Apply(idle.Select(name => new NodeInfo(name, 2, 2, 1024, 1024, state: NodeState.Idle)).ToList(), _loop.Now);

    private long PowerOffsStarted => _metrics.PowerActions("off", "started");

    [TestCase(false, 0, TestName = "OffCandidateAlsoChosenOn_IsKept")]
    [TestCase(true, 1, TestName = "OffCandidateAlsoChosenOn_IsPoweredOffUnderClues23Decisions")]
    public async Task OffCandidateAlsoChosenOn(bool clues23, long powerOffs)
    {
        _scheduling.Clues23Decisions = clues23;
        Report("wn1", "wn2");
        var proposal = new Scripted(context =>
        {
            context.CandidatesOn.GetOrAdd("wn1");
            context.CandidatesOff.Add("wn1");
        });

        await Pass(proposal).ScheduleAsync(CancellationToken.None);

        Assert.That(PowerOffsStarted, Is.EqualTo(powerOffs));
    }

    [Test]
    public async Task OffCandidateHoldingCapacityBookedForAnAttendedRequest_IsKept_TheOtherIsPoweredOff()
    {
        Report("wn1", "wn2");
        var request = _book.Create(new Resources(1, 256), null, [], _loop.Now);
        request.SetState(RequestState.Attended, _loop.Now);
        _bookings.Book(request.Id, ["wn1"], _loop.Now);

        await Pass(new Scripted(context => context.CandidatesOff.AddRange(["wn1", "wn2"]))).ScheduleAsync(CancellationToken.None);

        Assert.That(PowerOffsStarted, Is.EqualTo(1));
        Assert.That(_nodes.Find("wn2")!.State, Is.AnyOf(NodeState.PowOff, NodeState.Off), "wn2 is being powered off; wn1 is booked");
        Assert.That(_nodes.Find("wn1")!.State, Is.EqualTo(NodeState.Idle));
    }

    [Test]
    public async Task AFailingScheduler_DoesNotStopTheChain_AndTheRequestItQueuedIsStored()
    {
        Report("wn1");
        Request? created = null;
        var failing = new Scripted(context =>
        {
            created = context.NewRequest(new Resources(1, 256), "job1", []);
            context.Requests.Append(created);
            throw new InvalidOperationException("broken scheduler");
        });
        var after = new Scripted(_ => { });

        await Pass(failing, after).ScheduleAsync(CancellationToken.None);

        Assert.That(after.Passes, Is.EqualTo(1));
        Assert.That(_book.IsQueued(created!.Id), Is.True);
        Assert.That(_store.MaxRequestId(), Is.EqualTo(created.Id), "its row was written");
        Assert.That(_store.LoadQueue().Select(q => q.Id), Is.EqualTo(new[] { created.Id }), "and the queue saved");
    }

    [Test]
    public async Task RequestsAScheduler_CreatedButDidNotQueue_AreNotStored()
    {
        Report("wn1");
        var scheduler = new Scripted(context => context.NewRequest(new Resources(1, 256), "job1", []));

        await Pass(scheduler).ScheduleAsync(CancellationToken.None);

        Assert.That(_store.MaxRequestId(), Is.Zero);
    }

    [Test]
    public async Task BeforeTheFirstNodeOrJobReport_NoSchedulerRuns()
    {
        var scheduler = new Scripted(context => context.CandidatesOff.Add("wn1"));
        var pass = Pass(scheduler);

        await pass.ScheduleAsync(CancellationToken.None);
        Report("wn1");
        await pass.ScheduleAsync(CancellationToken.None);

        Assert.That(scheduler.Passes, Is.EqualTo(1));
    }

    [Test]
    public async Task APass_PurgesFinishedRequestsPastTheCooldown()
    {
        Report("wn1");
        var served = _book.Create(new Resources(1, 256), null, [], _loop.Now - 200);
        served.SetState(RequestState.Served, _loop.Now - 100);

        await Pass().ScheduleAsync(CancellationToken.None);

        Assert.That(_book.Queue.Count, Is.Zero);
    }

    /// <summary>A scheduler that does what the test says, and counts its passes.</summary>
    private sealed class Scripted(Action<SchedulingContext> schedule) : IScheduler
    {
        public int Passes { get; private set; }

        public string Name => "scripted";

        public bool Schedule(SchedulingContext context)
        {
            Passes++;
            schedule(context);
            return true;
        }
    }
}
