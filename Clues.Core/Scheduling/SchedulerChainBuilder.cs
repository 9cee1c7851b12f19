using Clues.Core.Config;
using Clues.Core.Groups;
using Clues.Core.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Clues.Core.Scheduling;

/// <summary>Builds the scheduler chain from <c>[scheduling] SCHEDULER_CLASSES</c>, in order.</summary>
public static class SchedulerChainBuilder
{
    /// <summary>Resolves and creates every scheduler; unknown names are collected as configuration errors.</summary>
    /// <remarks>
    /// When <paramref name="services"/> holds a <see cref="CluesConfig"/> with <c>[group:NAME]</c> sections, the chain
    /// is wrapped in the <see cref="NodeGroupGuard"/>'s two links, so every scheduler is held to the groups' bounds.
    /// </remarks>
    public static IReadOnlyList<IScheduler> Build(IReadOnlyList<string> names, PluginRegistry registry, IServiceProvider services, ICollection<ConfigError> errors)
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
