using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Groups;
using Clues.Core.Hooks;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Power;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// A daemon in virtual time over a scripted LRMS and a recording power manager, stepped by hand: every tick runs
/// node monitoring, scheduling and recovery at the given second, as the loop does.
/// </summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    private readonly VirtualTimeProvider _time;
    private readonly HookRunner _hooks;

    private DaemonHarness(VirtualTimeProvider time, CluesDaemon daemon, HookRunner hooks, ScriptedLrms lrms, RecordingPowerManager power)
    {
        _time = time;
        Daemon = daemon;
        _hooks = hooks;
        Lrms = lrms;
        Power = power;
    }

    public CluesDaemon Daemon { get; }
    public ScriptedLrms Lrms { get; }
    public RecordingPowerManager Power { get; }
    public MonitoringOptions Monitoring { get; private init; } = null!;
    public SchedulingOptions Scheduling { get; private init; } = null!;

    /// <summary>
    /// Builds a daemon at second <paramref name="start"/> on <paramref name="store"/>, with PowOn_Requests and
    /// PowOff_IDLE (or the scheduler <paramref name="powerOffScheduler"/> makes from the configuration).
    /// </summary>
    public static DaemonHarness Create(ICluesStore store, ScriptedLrms lrms, RecordingPowerManager power, double start,
        IReadOnlyDictionary<string, string>? settings = null, bool resume = true,
        Func<CluesConfig, SchedulingOptions, IScheduler>? powerOffScheduler = null)
    {
        var config = new CluesConfig();
        config.Set(MonitoringOptions.Section, "MAX_WAIT_POWERON", "300");
        config.Set(SchedulingOptions.Section, "IDLE_TIME", "1800");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            var parts = key.Split('.');
            config.Set(parts[0], parts[1], value);
        }
        var general = GeneralOptions.Bind(config);
        var monitoring = MonitoringOptions.Bind(config);
        var scheduling = SchedulingOptions.Bind(config);
        var hooksOptions = HooksOptions.Bind(config);
        config.ThrowIfErrors();

        var time = new VirtualTimeProvider();
        time.JumpTo(start);
        var clock = new CluesClock(time);
        var loop = new EventLoop(clock, NullLogger<EventLoop>.Instance);
        var bookings = new BookingSystem(monitoring, NullLogger<BookingSystem>.Instance);
        IReadOnlyList<IScheduler> chain =
        [
            new PowOnRequestsScheduler(scheduling, bookings, NullLogger<PowOnRequestsScheduler>.Instance),
            powerOffScheduler?.Invoke(config, scheduling) ?? new PowOffIdleScheduler(scheduling, NullLogger<PowOffIdleScheduler>.Instance),
        ];
        // [group:NAME] settings: the guard around the chain, as SchedulerChain.Build puts it.
        if (NodeGroupConfig.Bind(config) is { Count: > 0 } groups)
        {
            var guard = new NodeGroupGuard(groups, bookings, NullLogger<NodeGroupGuard>.Instance);
            chain = [guard.Before, .. chain, guard.After];
        }
        var hooks = new HookRunner(hooksOptions, NullLogger<HookRunner>.Instance);
        var platform = new Platform(lrms, power, general, clock, NullLogger<Platform>.Instance);
        var matcher = new ResourceMatcher(monitoring, new RequirementEvaluator());
        var daemon = new CluesDaemon(loop, platform, new SchedulerChain(chain, bookings, matcher), store, hooks,
            new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling }, NullLoggerFactory.Instance);
        if (resume)
        {
            daemon.Resume();
        }
        return new DaemonHarness(time, daemon, hooks, lrms, power) { Monitoring = monitoring, Scheduling = scheduling };
    }

    public double Now => _time.Seconds;

    /// <summary>Moves to <paramref name="second"/> and runs node monitoring, scheduling and recovery there.</summary>
    public async Task TickAsync(double second, CancellationToken ct)
    {
        _time.JumpTo(second);
        Power.Now = second;
        await Daemon.MonitorNodesAsync(ct);
        await Daemon.RunSchedulingPassAsync(ct);
        await Daemon.RecoverNodesAsync(ct);
    }

    public long CreateRequest(double slots, double memory, int tasks = 1, int maxPerNode = 0, string? jobId = null) =>
        Daemon.CreateRequest(new Resources(slots, memory, [""], tasks, maxPerNode > 0 ? maxPerNode : tasks), jobId, []).Id;

    public async ValueTask DisposeAsync() => await _hooks.DisposeAsync();
}
