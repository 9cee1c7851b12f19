using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Power;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>
/// The real daemon and schedulers (Reconsider_Jobs, PowOn_Requests, PowOff_IDLE) on a test clock around an LRMS
/// plugin and a power manager, for the command-line plugins' scenarios, whose commands answer at once.
/// </summary>
internal sealed class PluginDaemonHarness : IAsyncDisposable
{
    private readonly EventLoop _loop;
    private readonly CluesDaemon _daemon;
    private readonly InMemoryCluesStore _store = new();
    private readonly HookRunner _hooks = new(new HooksOptions(), NullLogger<HookRunner>.Instance);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public PluginDaemonHarness(Func<TimeProvider, ILrmsPlugin> plugin, IPowerManager machines)
    {
        Time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        var clock = new CluesClock(Time);
        _loop = new EventLoop(clock, NullLogger<EventLoop>.Instance);
        var general = new GeneralOptions { TimeoutCommands = 100_000 };
        var monitoring = new MonitoringOptions { PeriodMonitoringJobs = 5 };
        var scheduling = new SchedulingOptions { IdleTime = 30, ReconsiderJobTime = 5 };
        var bookings = new BookingSystem(monitoring, NullLogger<BookingSystem>.Instance);
        IScheduler[] schedulers =
        [
            new ReconsiderJobsScheduler(scheduling, NullLogger<ReconsiderJobsScheduler>.Instance),
            new PowOnRequestsScheduler(scheduling, bookings, NullLogger<PowOnRequestsScheduler>.Instance),
            new PowOffIdleScheduler(scheduling, NullLogger<PowOffIdleScheduler>.Instance),
        ];
        _daemon = new CluesDaemon(_loop, new Platform(plugin(Time), machines, general, clock, NullLogger<Platform>.Instance),
            new SchedulerChain(schedulers, bookings, new ResourceMatcher(monitoring, new RequirementEvaluator())), _store, _hooks,
            new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling }, NullLoggerFactory.Instance);
        _daemon.Start();
        _running = _loop.RunAsync(_stop.Token);
    }

    public FakeTimeProvider Time { get; }

    public async Task<NodeState?> StateAsync(string node) =>
        await _loop.InvokeAsync(_ => ValueTask.FromResult(_daemon.GetNodes().FirstOrDefault(n => n.Name == node)?.State), CancellationToken.None);

    /// <summary>Moves the clock one test second at a time until <paramref name="condition"/> holds, at most <paramref name="seconds"/>.</summary>
    public async Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds, Func<Task<string>> report)
    {
        for (var i = 0; i < seconds; i++)
        {
            if (await condition())
            {
                return;
            }
            Time.Advance(TimeSpan.FromSeconds(1));
            // A barrier: the loop runs what this second started before it answers.
            await _loop.InvokeAsync(_ => ValueTask.FromResult(0), CancellationToken.None);
        }
        Assert.Fail($"no {what} within {seconds} test seconds; {await report()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // stopping mid-wait is a cancellation
        }
        await _hooks.DisposeAsync();
        _store.Dispose();
        _stop.Dispose();
    }
}
