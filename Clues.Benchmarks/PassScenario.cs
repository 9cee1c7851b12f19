using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Benchmarks;

/// <summary>
/// A daemon one step before a scheduling pass: <c>nodes</c> nodes in LRMS order with a mix of states and
/// <c>requests</c> queued requests. <see cref="RunPassAsync"/> is the measured pass: node and job monitoring merge,
/// then the chain PowOn_Requests, Reconsider_Jobs, PowOff_IDLE, PowOn_Free (power commands are not run).
/// </summary>
/// <remarks>
/// The mix, drawn from a fixed seed: nodes of 8/16/32 slots and 32/64/128 GB, about 70 % OFF, 10 % IDLE (idle for up
/// to two hours), 10 % USED, 4 % POW_ON, 2 % POW_OFF, 2 % OFF_ERR, 2 % UNKNOWN, 1 % disabled, a tenth with a
/// <c>gpu</c> queue and a sixth with a <c>bigmem</c> queue. Requests of 1–4 tasks of 1–8 slots and 1–8 GB, one in
/// ten with a requirement expression. One running job per USED node, and a few old pending jobs submitted straight
/// to the LRMS (Reconsider_Jobs looks at those).
/// </remarks>
internal sealed class PassScenario : IAsyncDisposable
{
    public const double Start = 100_000;
    public const double PassTime = Start + 90;

    private readonly HookRunner _hooks;
    private readonly InMemoryCluesStore _store;

    private PassScenario(CluesDaemon daemon, VirtualTimeProvider time, HookRunner hooks, InMemoryCluesStore store, IReadOnlyList<IScheduler> chain)
    {
        Daemon = daemon;
        Time = time;
        _hooks = hooks;
        _store = store;
        Chain = chain;
    }

    public CluesDaemon Daemon { get; }

    public VirtualTimeProvider Time { get; }

    public IReadOnlyList<IScheduler> Chain { get; }

    /// <summary>Builds the scenario; <paramref name="wrap"/> may decorate each scheduler (timing).</summary>
    public static async ValueTask<PassScenario> CreateAsync(int nodeCount, int requestCount, int seed = 1, Func<IScheduler, IScheduler>? wrap = null)
    {
        var random = new Random(seed);
        var time = new VirtualTimeProvider();
        time.JumpTo(Start);
        var clock = new CluesClock(time);
        var logs = NullLoggerFactory.Instance;
        var general = new GeneralOptions();
        var monitoring = new MonitoringOptions { PeriodMonitoringJobs = 10 };
        var scheduling = new SchedulingOptions { ExtraNodesFree = 2 };
        var lrms = new ScenarioLrms();
        var daemonState = new NodeState[nodeCount];
        var disabled = new List<string>();
        for (var i = 0; i < nodeCount; i++)
        {
            var name = $"wn{i:D5}";
            var slots = new[] { 8, 16, 32 }[random.Next(3)];
            var memory = new[] { 32768, 65536, 131072 }[random.Next(3)];
            var queues = new List<KeywordValue> { KeywordValue.FromString("all") };
            if (random.Next(10) == 0)
            {
                queues.Add(KeywordValue.FromString("gpu"));
            }
            if (random.Next(6) == 0)
            {
                queues.Add(KeywordValue.FromString("bigmem"));
            }
            var keywords = new Dictionary<string, KeywordValue>
            {
                ["hostname"] = KeywordValue.FromString(name),
                ["queues"] = KeywordValue.FromList(queues),
                ["cpus"] = KeywordValue.FromNumber(slots),
            };
            var roll = random.Next(100);
            var (state, reported) = roll switch
            {
                < 70 => (NodeState.Off, NodeState.Off),
                < 80 => (NodeState.Idle, NodeState.Idle),
                < 90 => (NodeState.Used, NodeState.Used),
                < 94 => (NodeState.PowOn, NodeState.Off),
                < 96 => (NodeState.PowOff, NodeState.Idle),
                < 98 => (NodeState.OffErr, NodeState.Off),
                _ => (NodeState.Unknown, NodeState.Unknown),
            };
            daemonState[i] = state;
            double slotsFree = slots, memoryFree = memory;
            if (state == NodeState.Used)
            {
                var busy = 1 + random.Next(slots);
                slotsFree = slots - busy;
                memoryFree = memory - busy * 2048;
                lrms.Jobs.Add(new JobInfo(new Resources(busy, busy * 2048), $"job{i:D6}", [name], RequestState.Attended));
            }
            if (random.Next(100) == 0)
            {
                disabled.Add(name);
            }
            lrms.Nodes.Add(new NodeInfo(name, slots, slotsFree, memory, memoryFree, keywords, reported));
        }
        for (var j = 0; j < requestCount / 500; j++)
        {
            lrms.Jobs.Add(new JobInfo(new Resources(1 + random.Next(8), 1024), $"direct{j:D5}", [], RequestState.Pending));
        }
        general.DisabledHosts = string.Join(' ', disabled);

        var hooks = new HookRunner(new HooksOptions(), logs.CreateLogger<HookRunner>());
        var store = new InMemoryCluesStore();
        var loop = new EventLoop(clock, logs.CreateLogger<EventLoop>());
        var platform = new Platform(lrms, null, general, clock, logs.CreateLogger<Platform>());
        var bookings = new BookingSystem(monitoring, logs.CreateLogger<BookingSystem>());
        IReadOnlyList<IScheduler> chain =
        [
            new PowOnRequestsScheduler(scheduling, bookings, logs.CreateLogger<PowOnRequestsScheduler>()),
            new ReconsiderJobsScheduler(scheduling, logs.CreateLogger<ReconsiderJobsScheduler>()),
            new PowOffIdleScheduler(scheduling, logs.CreateLogger<PowOffIdleScheduler>()),
            new PowOnFreeScheduler(scheduling, clock, logs.CreateLogger<PowOnFreeScheduler>()),
        ];
        if (wrap is not null)
        {
            chain = chain.Select(wrap).ToList();
        }
        var matcher = new ResourceMatcher(monitoring, new RequirementEvaluator());
        var daemon = new CluesDaemon(loop, platform, new SchedulerChain(chain, bookings, matcher), store, hooks,
            new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling }, logs);

        await daemon.MonitorNodesAsync(CancellationToken.None);
        await daemon.MonitorJobsAsync(CancellationToken.None);
        var nodes = daemon.Nodes;
        for (var i = 0; i < nodes.Count; i++)
        {
            var since = daemonState[i] switch
            {
                NodeState.Idle or NodeState.Used => Start - random.Next(7200),
                NodeState.Off => Start - random.Next(86_400),
                _ => Start - random.Next(60),
            };
            nodes[i].Restore(daemonState[i], since, daemonState[i] is NodeState.Idle or NodeState.Used ? since : Start - 86_400, Start - 86_400,
                daemonState[i] == NodeState.OffErr ? 1 : 0, 0);
        }

        string[] expressions = ["\"gpu\" in queues", "\"bigmem\" in queues", "cpus >= 16", "\"all\" in queues && cpus >= 8"];
        for (var r = 0; r < requestCount; r++)
        {
            time.JumpTo(Start + 10 + 60.0 * r / requestCount);
            var tasks = 1 + random.Next(4);
            IReadOnlyList<string> requirement = random.Next(10) == 0 ? [expressions[random.Next(expressions.Length)]] : [""];
            daemon.CreateRequest(new Resources(1 + random.Next(8), 1024 * (1 + random.Next(8)), requirement, tasks, tasks), null, []);
        }

        // What changes by the measured pass: some USED nodes free or take slots.
        foreach (var info in lrms.Nodes)
        {
            if (info.State == NodeState.Used && random.Next(20) == 0)
            {
                info.SlotsFree = Math.Min(info.SlotsCount, info.SlotsFree + 1);
                info.SlotsFreeOriginal = info.SlotsFree;
            }
        }
        time.JumpTo(PassTime);
        return new PassScenario(daemon, time, hooks, store, chain);
    }

    /// <summary>One full pass: monitoring merge, then the scheduler chain.</summary>
    public async ValueTask<SchedulingContext> RunPassAsync()
    {
        await Daemon.MonitorNodesAsync(CancellationToken.None).ConfigureAwait(false);
        await Daemon.MonitorJobsAsync(CancellationToken.None).ConfigureAwait(false);
        return Daemon.RunChain(Daemon.Loop.Now);
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        await _hooks.DisposeAsync().ConfigureAwait(false);
    }
}
