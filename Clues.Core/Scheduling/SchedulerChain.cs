using Clues.Core.Config;
using Clues.Core.Groups;
using Clues.Core.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Clues.Core.Scheduling;

/// <summary>
/// What a scheduling pass runs: the schedulers of <c>[scheduling] SCHEDULER_CLASSES</c> in order (held to the node
/// groups' bounds by the <see cref="NodeGroupGuard"/>'s two links when groups are configured), the booking system
/// they share, and the matcher of requests to nodes.
/// </summary>
/// <param name="schedulers">The schedulers, in the order they run.</param>
/// <param name="bookings">The bookings of PowOn_Requests, which outlive a pass.</param>
/// <param name="matcher">Which nodes can take a request.</param>
public sealed class SchedulerChain(IReadOnlyList<IScheduler> schedulers, BookingSystem bookings, IResourceMatcher matcher)
{
    /// <summary>The schedulers, in the order they run (the guard's links first and last when groups are configured).</summary>
    public IReadOnlyList<IScheduler> Schedulers => schedulers;

    /// <summary>The booking system of PowOn_Requests.</summary>
    public BookingSystem Bookings => bookings;

    /// <summary>Which nodes can take a request.</summary>
    public IResourceMatcher Matcher => matcher;

    /// <summary>The node groups' guard around the schedulers, or null when no group is configured.</summary>
    public NodeGroupGuard? Groups => NodeGroupGuard.In(schedulers);

    /// <summary>
    /// Resolves and creates every scheduler named in <paramref name="names"/>, in order; unknown names are collected
    /// as configuration errors. The booking system and the matcher come from <paramref name="services"/>.
    /// </summary>
    /// <remarks>
    /// When <paramref name="services"/> holds a <see cref="CluesConfig"/> with <c>[group:NAME]</c> sections, the chain
    /// is wrapped in the <see cref="NodeGroupGuard"/>'s two links, so every scheduler is held to the groups' bounds.
    /// </remarks>
    public static SchedulerChain Build(IReadOnlyList<string> names, PluginRegistry registry, IServiceProvider services, ICollection<ConfigError> errors) =>
        new(BuildSchedulers(names, registry, services, errors), services.GetRequiredService<BookingSystem>(), services.GetRequiredService<IResourceMatcher>());

    private static IReadOnlyList<IScheduler> BuildSchedulers(IReadOnlyList<string> names, PluginRegistry registry, IServiceProvider services, ICollection<ConfigError> errors)
    {
        var chain = new List<IScheduler>();
        foreach (var name in names)
        {
            var type = registry.Resolve(PluginKind.Scheduler, name, out var error);
            if (type is null)
            {
                errors.Add(new ConfigError(null, SchedulingOptions.Section, "SCHEDULER_CLASSES", name, error!));
                continue;
            }
            chain.Add((IScheduler)ActivatorUtilities.CreateInstance(services, type));
        }
        var groups = services.GetService<CluesConfig>() is { } config ? NodeGroupConfig.Bind(config) : [];
        if (groups.Count == 0 || chain.Count == 0)
        {
            return chain;
        }
        var guard = ActivatorUtilities.CreateInstance<NodeGroupGuard>(services, groups);
        return [guard.Before, .. chain, guard.After];
    }
}
