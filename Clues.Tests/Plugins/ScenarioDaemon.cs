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

namespace Clues.Tests.Plugins;

/// <summary>
/// The real daemon with CLUES' usual schedulers (Reconsider_Jobs, PowOn_Requests, PowOff_IDLE) around a real LRMS
/// plugin that talks to a scripted server in the test process, on a test clock that the scenario moves one second at a
/// time until what it waits for happens.
/// </summary>
internal sealed class ScenarioDaemon : IAsyncDisposable
{
    private readonly FakeTimeProvider _time;
    private readonly Func<int> _requestsServed;
    private readonly EventLoop _loop;
    private readonly CluesDaemon _daemon;
    private readonly InMemoryCluesStore _store = new();
    private readonly HookRunner _hooks = new(new HooksOptions(), NullLogger<HookRunner>.Instance);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <param name="plugin">The LRMS plugin under test.</param>
    /// <param name="machines">The power manager that scripts the server's answers.</param>
    /// <param name="time">The test clock the plugin also reads.</param>
    /// <param name="requestsServed">How many requests the scripted server has served, to let its answers settle.</param>
    public ScenarioDaemon(ILrmsPlugin plugin, IPowerManager machines, FakeTimeProvider time, Func<int> requestsServed)
    {
        _time = time;
        _requestsServed = requestsServed;
        var clock = new CluesClock(time);
        _loop = new EventLoop(clock, NullLogger<EventLoop>.Instance);
        // Generous TIMEOUT_COMMANDS: the test clock may run ahead of a loopback HTTP answer on a busy machine.
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
        _daemon = new CluesDaemon(_loop, new Platform(plugin, machines, general, clock, NullLogger<Platform>.Instance),
            new SchedulerChain(schedulers, bookings, new ResourceMatcher(monitoring, new RequirementEvaluator())), _store, _hooks,
            new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling }, NullLoggerFactory.Instance);
        _daemon.Start();
        _running = _loop.RunAsync(_stop.Token);
    }

    /// <summary>The daemon's view of a node's state (null if unknown to it), read on the loop.</summary>
    public async Task<NodeState?> StateAsync(string node, CancellationToken ct) =>
        await _loop.InvokeAsync(_ => ValueTask.FromResult(_daemon.GetNodes().FirstOrDefault(n => n.Name == node)?.State), ct);

    /// <summary>
    /// Moves the clock one test second at a time until <paramref name="condition"/> holds, failing after
    /// <paramref name="seconds"/> with <paramref name="describe"/>'s account of where things stand.
    /// </summary>
    public async Task AdvanceUntilAsync(string what, Func<Task<bool>> condition, int seconds, Func<Task<string>> describe, CancellationToken ct)
    {
        for (var i = 0; i < seconds; i++)
        {
            if (await condition())
            {
                return;
            }
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            // Give the loopback answers of this second a moment, bounded, before the clock moves again.
            await QuietAsync(TimeSpan.FromMilliseconds(50), ct);
        }
        Assert.Fail($"no {what} within {seconds} test seconds; {await describe()}");
    }

    /// <summary>Waits until the server has had no request for <paramref name="quiet"/>, at most a second.</summary>
    private async Task QuietAsync(TimeSpan quiet, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seen = _requestsServed();
        while (watch.Elapsed < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(quiet, ct);
            var now = _requestsServed();
            if (now == seen)
            {
                return;
            }
            seen = now;
        }
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
        _stop.Dispose();
        _store.Dispose();
        await _hooks.DisposeAsync();
    }
}
