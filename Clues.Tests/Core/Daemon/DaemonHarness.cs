using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.HighAvailability;
using Clues.Core.Hooks;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Power;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Clues.Tests.Core.Daemon;

/// <summary>A real daemon and event loop on a test clock, with Moq'd plugins.</summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    private readonly InMemoryCluesStore _store;
    private readonly bool _ownsStore;
    private readonly HookRunner _hooks = new(new HooksOptions(), NullLogger<HookRunner>.Instance);

    public DaemonHarness(TimeProvider time, IReadOnlyList<IScheduler>? schedulers = null, IPowerManager? powerManager = null,
        GeneralOptions? general = null, MonitoringOptions? monitoring = null, SchedulingOptions? scheduling = null,
        InMemoryCluesStore? store = null, Microsoft.Extensions.Logging.ILogger<CluesDaemon>? logger = null, BookingSystem? bookings = null,
        IActingFence? fence = null)
    {
        // A store passed in outlives this daemon (a restart on the same database).
        _ownsStore = store is null;
        _store = store ?? new InMemoryCluesStore();
        Lrms.Setup(l => l.Id).Returns("mock");
        // A loose mock answers false to a default interface member; keep the interface's default (accept).
        Lrms.Setup(l => l.PreparePowerOffAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        Clock = new CluesClock(time);
        Loop = new EventLoop(Clock, NullLogger<EventLoop>.Instance);
        General = general ?? new GeneralOptions();
        Monitoring = monitoring ?? new MonitoringOptions();
        Scheduling = scheduling ?? new SchedulingOptions();
        var platform = new Platform(Lrms.Object, powerManager, General, Clock, NullLogger<Platform>.Instance) { Fence = fence ?? AlwaysActing.Instance };
        var chain = new SchedulerChain(schedulers ?? [], bookings ?? new BookingSystem(Monitoring, NullLogger<BookingSystem>.Instance),
            new ResourceMatcher(Monitoring, new RequirementEvaluator()));
        Daemon = new CluesDaemon(Loop, platform, chain, _store, _hooks,
            new CluesOptions { General = General, Monitoring = Monitoring, Scheduling = Scheduling }, logger is null ? NullLoggerFactory.Instance : new DaemonLoggerFactory(logger));
    }

    public Mock<ILrmsPlugin> Lrms { get; } = new(MockBehavior.Loose);

    public CluesClock Clock { get; }

    public EventLoop Loop { get; }

    public CluesDaemon Daemon { get; }

    public GeneralOptions General { get; }

    public MonitoringOptions Monitoring { get; }

    public SchedulingOptions Scheduling { get; }

    /// <summary>The daemon's view of a node's state (null if unknown to it).</summary>
    public NodeState? StateOf(string name) => Daemon.Nodes.FirstOrDefault(n => n.Name == name)?.State;

    public static IReadOnlyList<NodeInfo> Report(params (string Name, NodeState State)[] nodes) =>
        nodes.Select(n => new NodeInfo(n.Name, 2, 2, 1024, 1024, state: n.State)).ToList();

    /// <summary>Hands the test's logger to the daemon's own category and a null logger to every other.</summary>
    private sealed class DaemonLoggerFactory(Microsoft.Extensions.Logging.ILogger daemon) : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(CluesDaemon).FullName ? daemon : NullLogger.Instance;

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsStore)
        {
            _store.Dispose();
        }
        await _hooks.DisposeAsync();
    }
}
