using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Plugins;
using Clues.Core.Requests;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Simulation;

/// <summary>
/// Runs the real daemon on a simulated cluster under virtual time (CLUES' <c>clues_sim.py</c>, spec §12): jobs of a
/// <c>.sim</c> trace are submitted at their times, each asking CLUES first (like a job wrapper) unless marked
/// <c>norequest</c>, and the run ends once nothing but periodic events happened for 10 simulated seconds.
/// </summary>
public sealed class SimulationRunner(ILoggerFactory loggerFactory)
{
    /// <summary>The schedulers the simulator uses, as CLUES' does, unless <c>[simulator] SCHEDULER_CLASSES</c> lists others.</summary>
    public static readonly IReadOnlyList<string> Schedulers = [SchedulerNames.PowOnRequests, SchedulerNames.ReconsiderJobs, SchedulerNames.PowOffIdle];

    /// <summary>Runs a trace.</summary>
    /// <param name="trace">The trace (see <see cref="SimTrace.Load"/>).</param>
    /// <param name="config">The configuration; the simulator forces the keys CLUES' simulator forces.</param>
    /// <param name="databasePath">The SQLite file to write, or null for no file.</param>
    /// <param name="random">The generator used for power delays and failures (seeded from <c>[simulator] RANDOM_SEED</c> by callers).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<SimulationResult> RunAsync(SimTrace trace, CluesConfig config, string? databasePath, Random random, CancellationToken cancellationToken)
    {
        using var store = databasePath is null ? (ICluesStore)new InMemoryCluesStore() : new SqliteCluesStore(databasePath, StoreWriteMode.Batched);
        return await RunWithStoreAsync(trace, config, store, random, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a trace, writing CLUES' rows to <paramref name="store"/> (any database; the caller disposes it).</summary>
    /// <param name="trace">The trace (see <see cref="SimTrace.Load"/>).</param>
    /// <param name="config">The configuration; the simulator forces the keys CLUES' simulator forces.</param>
    /// <param name="store">Where the rows go.</param>
    /// <param name="random">The generator used for power delays and failures.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<SimulationResult> RunWithStoreAsync(SimTrace trace, CluesConfig config, ICluesStore store, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        config.Set(MonitoringOptions.Section, "PERIOD_MONITORING_JOBS", "10");
        config.Set(MonitoringOptions.Section, "COOLDOWN_SERVED_REQUESTS", "30");
        var simulator = SimulatorOptions.Bind(config);
        config.Set(SchedulingOptions.Section, "SCHEDULER_CLASSES", string.Join(",", simulator.SchedulerNames.Count > 0 ? simulator.SchedulerNames : Schedulers));
        var general = GeneralOptions.Bind(config);
        var monitoring = MonitoringOptions.Bind(config);
        var scheduling = SchedulingOptions.Bind(config);
        var hooksOptions = HooksOptions.Bind(config);
        config.ThrowIfErrors();

        var clock = new CluesClock(new VirtualTimeProvider());
        var loop = new EventLoop(clock, loggerFactory.CreateLogger<EventLoop>());
        var cluster = new SimulatedCluster(loop, simulator, random);
        foreach (var node in trace.Nodes)
        {
            cluster.Add(node);
        }
        var lrms = new SimulatedLrms(cluster, loop, simulator.QueuePolicy);
        var powerManager = new SimulatedPowerManager(cluster);
        await using var hooks = new HookRunner(hooksOptions, loggerFactory.CreateLogger<HookRunner>());

        var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(config).AddSingleton(general).AddSingleton(monitoring).AddSingleton(scheduling)
            .AddSingleton(clock).AddSingleton(clock.TimeProvider)
            .AddSingleton<BookingSystem>()
            .AddSingleton<IResourceMatcher>(new ResourceMatcher(monitoring, new Requirements.RequirementEvaluator()))
            .BuildServiceProvider();
        await using var _ = services;
        var errors = new List<ConfigError>();
        var chain = SchedulerChain.Build(scheduling.SchedulerNames, new PluginRegistry([typeof(SimulationRunner).Assembly]), services, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
        var platform = new Platform(lrms, powerManager, general, clock, loggerFactory.CreateLogger<Platform>());
        var options = new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling, Hooks = hooksOptions, Simulator = simulator };
        var daemon = new CluesDaemon(loop, platform, chain, store, hooks, options, loggerFactory);
        var timeline = new NodeTimeline();
        var groups = chain.Groups is { } guard ? new GroupPeaks(guard, () => daemon.Nodes) : null;
        var retries = new PowerOnRetryPolicy(scheduling);
        // A run whose every node is retired (quarantined after RETRIES_POWER_ON failed power-ons in a row, with no
        // QUARANTINE_TIME to release it) ends: nothing can run again, and Reconsider_Jobs would re-request every queued job every minute until the trace's end.
        using var retired = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        daemon.ObserveNodeStates((node, old, now) =>
        {
            timeline.Record(node, old, now);
            groups?.Record(node);
            if (node.State == NodeState.OffErr && scheduling.QuarantineTime <= 0 && daemon.Nodes.All(n => IsRetired(n, cluster, retries)))
            {
                retired.Cancel();
            }
        });

        var requests = new List<(SimJobEvent Event, Request? Request)>();
        foreach (var jobEvent in trace.Jobs)
        {
            var index = requests.Count;
            requests.Add((jobEvent, null));
            loop.AddOneShot("submit job", jobEvent.Time, _ =>
            {
                if (!jobEvent.MakeRequest)
                {
                    lrms.Submit(jobEvent.Job);
                    return ValueTask.CompletedTask;
                }
                var job = jobEvent.Job;
                var request = daemon.CreateRequest(new Resources(job.Cores, job.Memory, [""], job.TaskCount, job.TaskCount), null, []);
                requests[index] = (jobEvent, request);
                WaitAndSubmit(loop, daemon, lrms, job, request.Id, 180);
                return ValueTask.CompletedTask;
            });
        }

        loop.EndAfterSecondsWithoutOneShotEvents = 10;
        daemon.Start();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await loop.RunAsync(retired.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (retired.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // the loop stopped inside a step: the run ends here all the same
        }
        cancellationToken.ThrowIfCancellationRequested();
        wall.Stop();
        return SimulationResult.Build(loop.Now, wall.Elapsed, loop.EventsExecuted, daemon.Nodes, timeline, requests, lrms.Jobs,
            cluster.Nodes.Sum(n => n.TotalCores)) with
        {
            Groups = groups?.Result() ?? [],
            EndedEarly = retired.IsCancellationRequested
                ? $"every node is in OFF_ERR after {scheduling.RetriesPowerOn} failed power-ons in a row (RETRIES_POWER_ON): no job can run any more"
                : null,
        };
    }

    // Retired, and its machine off or shutting down (a power-on refused while it shut down retires a node too): a
    // machine still booting (a delay past MAX_WAIT_POWERON) could yet bring it back.
    private static bool IsRetired(Node node, SimulatedCluster cluster, PowerOnRetryPolicy retries) =>
        retries.IsQuarantined(node)
        && cluster.Find(node.Name)?.State is null or SimNodeState.Off or SimNodeState.PowOff;

    // As the simulator's job launcher: poll request_pending every 0.5 s for up to 180 s, then submit regardless.
    private static void WaitAndSubmit(EventLoop loop, CluesDaemon daemon, SimulatedLrms lrms, SimJob job, long requestId, double timeout)
    {
        if (!daemon.IsRequestInQueue(requestId) || timeout <= 0)
        {
            lrms.Submit(job);
            return;
        }
        loop.AddOneShot($"wait for request {requestId}", 0.5, _ =>
        {
            WaitAndSubmit(loop, daemon, lrms, job, requestId, timeout - 0.5);
            return ValueTask.CompletedTask;
        });
    }
}
