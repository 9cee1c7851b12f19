using Clues.Core;
using Clues.Core.Api;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Power;
using Clues.Core.Scheduling;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Clues.Tests.Core.Daemon;

/// <summary>
/// The real daemon with PowOn_Requests, PowOff_IDLE and (optionally) PowOn_Free on virtual time, over an LRMS that
/// reports what the power manager did: a node powered on is reported idle from then on, a node powered off is
/// reported off. Nodes listed as broken fail every power-on. Every power call is recorded with its daemon time.
/// </summary>
internal sealed class PowerOnRig : IAsyncDisposable
{
    private readonly Dictionary<string, (NodeState State, double Memory)> _cluster = new(StringComparer.Ordinal);
    private readonly HashSet<string> _broken;

    /// <param name="scheduling">[scheduling]; the periods are set to 1 s here.</param>
    /// <param name="nodes">The nodes, in LRMS order, with their state and memory.</param>
    /// <param name="broken">Nodes whose power-on always fails.</param>
    /// <param name="keepOneFree">Whether PowOn_Free runs (with EXTRA_NODES_FREE = 1, it boots a node whenever none is free).</param>
    /// <param name="general">[general] (DRY_RUN).</param>
    /// <param name="store">A store to share with a later daemon (a restart).</param>
    public PowerOnRig(SchedulingOptions scheduling, IEnumerable<(string Name, NodeState State, double Memory)> nodes, IEnumerable<string> broken,
        bool keepOneFree, GeneralOptions? general = null, InMemoryCluesStore? store = null)
    {
        foreach (var (name, state, memory) in nodes)
        {
            _cluster[name] = (state, memory);
        }
        _broken = new HashSet<string>(broken, StringComparer.Ordinal);
        Time = new VirtualTimeProvider();
        scheduling.PeriodSchedule = 1;
        scheduling.PeriodRecoveryNodes = 1;
        scheduling.ExtraNodesPeriod = 1;
        if (keepOneFree)
        {
            scheduling.ExtraNodesFree = 1;
        }
        var monitoring = new MonitoringOptions { PeriodMonitoringNodes = 1, DelayPowOn = 0, DelayPowOff = 0, TimeOffGlitchDetection = 0 };
        var bookings = new BookingSystem(monitoring, NullLogger<BookingSystem>.Instance);
        var clock = new CluesClock(Time);
        List<IScheduler> chain =
        [
            new PowOnRequestsScheduler(scheduling, bookings, NullLogger<PowOnRequestsScheduler>.Instance),
            new PowOffIdleScheduler(scheduling, NullLogger<PowOffIdleScheduler>.Instance),
        ];
        if (keepOneFree)
        {
            chain.Add(new PowOnFreeScheduler(scheduling, clock, NullLogger<PowOnFreeScheduler>.Instance));
        }
        PowerManager.Setup(p => p.PowerOnAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns((string node, CancellationToken _) =>
        {
            Calls.Add(("on", node, Harness!.Loop.Now));
            if (_broken.Contains(node))
            {
                return Task.FromResult(PowerResult.Failed(node, "the machine does not answer"));
            }
            _cluster[node] = (NodeState.Idle, _cluster[node].Memory);
            return Task.FromResult(PowerResult.Ok(node));
        });
        PowerManager.Setup(p => p.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns((string node, CancellationToken _) =>
        {
            Calls.Add(("off", node, Harness!.Loop.Now));
            _cluster[node] = (NodeState.Off, _cluster[node].Memory);
            return Task.FromResult(PowerResult.Ok(node));
        });
        Harness = new DaemonHarness(Time, chain, PowerManager.Object, general, monitoring, scheduling, store, Logger, bookings);
        Harness.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).Returns(() => Task.FromResult<IReadOnlyList<NodeInfo>>(
            _cluster.Select(n => new NodeInfo(n.Key, 2, 2, n.Value.Memory, n.Value.Memory, state: n.Value.State)).ToList()));
        Harness.Lrms.Setup(l => l.PowerOnAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Harness.Lrms.Setup(l => l.PowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
    }

    public VirtualTimeProvider Time { get; }

    public DaemonHarness Harness { get; }

    public CluesDaemon Daemon => Harness.Daemon;

    public Mock<IPowerManager> PowerManager { get; } = new(MockBehavior.Loose);

    public RecordingLogger<CluesDaemon> Logger { get; } = new();

    /// <summary>Every power call: "on"/"off", the node, the daemon time.</summary>
    public List<(string Action, string Node, double At)> Calls { get; } = [];

    /// <summary>The daemon times of the power-ons of <paramref name="node"/>.</summary>
    public IReadOnlyList<double> PowerOnTimes(string node) => Calls.Where(c => c.Action == "on" && c.Node == node).Select(c => c.At).ToList();

    /// <summary>Runs <paramref name="action"/> on the loop at daemon time <paramref name="at"/>.</summary>
    public void At(double at, Action action) => Harness.Loop.AddOneShot($"test step at {at}", at, _ =>
    {
        action();
        return ValueTask.CompletedTask;
    });

    /// <summary>The daemon's snapshot of a node, as the API shows it.</summary>
    public NodeSnapshot Node(string name) => Daemon.SnapshotNodes().Single(n => n.Name == name);

    /// <summary>The <c>/metrics</c> lines the daemon writes.</summary>
    public string Metrics()
    {
        var sb = new System.Text.StringBuilder();
        Daemon.Metrics.WritePrometheus(sb);
        return sb.ToString();
    }

    /// <summary>Starts the daemon (resuming from the store first if asked) and runs it until daemon time <paramref name="until"/>.</summary>
    public async Task RunAsync(double until, CancellationToken ct, bool resume = false)
    {
        if (resume)
        {
            Daemon.Resume();
        }
        Harness.Loop.AddMarker("end", until);
        Harness.Loop.EndAfterSecondsWithoutOneShotEvents = 1;
        Daemon.Start();
        await Harness.Loop.RunAsync(ct);
    }

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
