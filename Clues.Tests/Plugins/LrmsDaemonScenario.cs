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
/// The real daemon with CLUES' schedulers (reconsider jobs, power on for requests, power off the idle) driving an LRMS
/// plugin against a scripted backend on a test clock, for the plugins' daemon scenarios. Test seconds pass one at a
/// time, each followed by a bounded pause until the backend has had no request for a moment.
/// </summary>
internal sealed class LrmsDaemonScenario : IAsyncDisposable
{
    private readonly FakeTimeProvider _time;
    private readonly EventLoop _loop;
    private readonly CluesDaemon _daemon;
    private readonly ILrmsPlugin _plugin;
    private readonly Func<int> _requestCount;
    private readonly InMemoryCluesStore _store;
    private readonly HookRunner _hooks;
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;
    private readonly CancellationToken _ct;

    /// <summary>Starts the daemon on <paramref name="time"/>.</summary>
    /// <param name="requestCount">How many requests the backend has served so far.</param>
    public LrmsDaemonScenario(FakeTimeProvider time, ILrmsPlugin plugin, IPowerManager machines, Func<int> requestCount, CancellationToken ct)
    {
        _time = time;
        _plugin = plugin;
        _requestCount = requestCount;
        _ct = ct;
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
        _store = new InMemoryCluesStore();
        _hooks = new HookRunner(new HooksOptions(), NullLogger<HookRunner>.Instance);
        _daemon = new CluesDaemon(_loop, new Platform(plugin, machines, general, clock, NullLogger<Platform>.Instance), schedulers, bookings,
            new ResourceMatcher(monitoring, new RequirementEvaluator()), _store, _hooks, general, monitoring, scheduling,
            NullLogger<CluesDaemon>.Instance, NullLogger<Node>.Instance);
        _daemon.Start();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running = _loop.RunAsync(_stop.Token);
    }

    /// <summary>The daemon's state of <paramref name="node"/>, read on the loop.</summary>
    public async Task<NodeState?> StateAsync(string node) =>
        await _loop.InvokeAsync(_ => ValueTask.FromResult(_daemon.GetNodes().FirstOrDefault(n => n.Name == node)?.State), _ct);

    /// <summary>Lets test seconds pass until <paramref name="condition"/> holds; fails after <paramref name="seconds"/>, saying what <paramref name="node"/> looks like.</summary>
    public async Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds, string node, Func<string> calls)
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
            await QuietAsync(TimeSpan.FromMilliseconds(50));
        }
        string report;
        try
        {
            report = string.Join(", ", (await _plugin.GetNodesAsync(_ct)).Select(n => n.ToString()));
        }
        catch (Exception ex)
        {
            report = ex.Message;
        }
        Assert.Fail($"no {what} within {seconds} test seconds; {node} is {await StateAsync(node)}, power calls: {calls()}; the plugin reports {report}");
    }

    /// <summary>Waits until the backend has had no request for <paramref name="quiet"/>, at most a second.</summary>
    private async Task QuietAsync(TimeSpan quiet)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var seen = _requestCount();
        while (watch.Elapsed < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(quiet, _ct);
            var now = _requestCount();
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
        await _hooks.DisposeAsync();
        _store.Dispose();
    }
}
