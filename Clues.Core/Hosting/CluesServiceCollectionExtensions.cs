using Clues.Core.Api;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.HighAvailability;
using Clues.Core.Hooks;
using Clues.Core.Lrms;
using Clues.Core.Persistence;
using Clues.Core.Plugins;
using Clues.Core.Power;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Hosting;

/// <summary>Registers the CLUES daemon and the plugins named in the configuration.</summary>
public static class CluesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the daemon, its loop, store, hooks, plugins and scheduler chain, and a hosted service that runs it.
    /// Plugin and scheduler names must have been validated (<see cref="PluginNameValidator"/>).
    /// </summary>
    public static IServiceCollection AddCluesDaemon(this IServiceCollection services, CluesConfig config, CluesOptions options, PluginRegistry registry)
    {
        services.AddSingleton(config);
        services.AddSingleton(options);
        services.AddSingleton(options.General).AddSingleton(options.Monitoring).AddSingleton(options.Scheduling)
            .AddSingleton(options.Hooks).AddSingleton(options.Client);
        services.AddSingleton(registry);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CluesClock>();
        services.AddSingleton<EventLoop>();
        services.AddSingleton<BookingSystem>();
        services.AddSingleton<HookRunner>();
        services.AddSingleton(sp =>
        {
            // In an active/standby pair every commit is fenced on this process's term of the lease.
            var fence = options.HighAvailability.Enabled ? new LeaseWriteFence(sp.GetRequiredService<LeaderElection>()) : null;
            var store = CluesStoreFactory.Open(options.General.DbConnectionString, StoreWriteMode.Durable, fence);
            // A database that goes away while the daemon runs is handled like a monitoring failure (retried, logged, counted),
            // and what it never received by the stop is saved for the next start.
            return store is InMemoryCluesStore ? store
                : new ResilientCluesStore(store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ResilientCluesStore>>(),
                    spool: options.General.PendingWritesFile.Length == 0 ? null : new PendingWriteSpool(options.General.PendingWritesFile, fence));
        });
        services.AddSingleton<RequirementEvaluator>();
        services.AddSingleton<IResourceMatcher>(sp =>
        {
            var evaluator = sp.GetRequiredService<RequirementEvaluator>();
            return new ResourceMatcher(options.Monitoring, evaluator);
        });
        services.AddSingleton(sp => (ILrmsPlugin)ActivatorUtilities.CreateInstance(sp,
            registry.Resolve(PluginKind.Lrms, options.General.LrmsClass, out var error) ?? throw new ConfigException(error!)));
        services.AddSingleton(sp => options.General.PowerManagerClass.Length == 0 ? null! :
            (IPowerManager)ActivatorUtilities.CreateInstance(sp,
                registry.Resolve(PluginKind.PowerManager, options.General.PowerManagerClass, out var error) ?? throw new ConfigException(error!)));
        services.AddSingleton(sp => new Platform(sp.GetRequiredService<ILrmsPlugin>(),
            options.General.PowerManagerClass.Length == 0 ? null : sp.GetRequiredService<IPowerManager>(),
            options.General, sp.GetRequiredService<CluesClock>(), sp.GetRequiredService<ILogger<Platform>>())
        {
            // An active/standby pair registers its election as the fence.
            Fence = sp.GetService<IActingFence>() ?? AlwaysActing.Instance,
        });
        services.AddSingleton(sp =>
        {
            var errors = new List<ConfigError>();
            var chain = SchedulerChain.Build(options.Scheduling.SchedulerNames, registry, sp, errors);
            return errors.Count > 0 ? throw new ConfigException(errors) : chain;
        });
        services.AddSingleton<CluesDaemon>();
        if (options.HighAvailability.Enabled)
        {
            return services.AddHighAvailability(options.General, options.HighAvailability);
        }
        services.AddSingleton(sp => sp.GetRequiredService<CluesDaemon>().Metrics);
        services.AddSingleton<ICluesControl, DaemonControl>();
        services.AddHostedService<CluesDaemonService>();
        return services;
    }

    /// <summary>
    /// One process of an active/standby pair: the lease in the daemon's database, the election (also the fence of
    /// power commands and hooks), the API routed to the daemon only while active, and the service that builds and
    /// runs the daemon once the lease is taken.
    /// </summary>
    private static IServiceCollection AddHighAvailability(this IServiceCollection services, GeneralOptions general, HighAvailabilityOptions options)
    {
        services.AddSingleton<ILeaseStore>(_ => SqlLeaseStore.For(general.DbConnectionString, TimeSpan.FromSeconds(Math.Min(5, options.RenewPeriod.TotalSeconds))));
        services.AddSingleton(sp => new LeaderElection(sp.GetRequiredService<ILeaseStore>(), options, LeaderElection.NewHolderId(),
            options.Advertised(general), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LeaderElection>>()));
        services.AddSingleton<IActingFence>(sp => sp.GetRequiredService<LeaderElection>());
        services.AddSingleton<HighAvailabilityControl>();
        services.AddSingleton<ICluesControl>(sp => sp.GetRequiredService<HighAvailabilityControl>());
        services.TryAddSingleton<HostRestart>();
        services.AddHostedService<HighAvailabilityDaemonService>();
        return services;
    }
}
