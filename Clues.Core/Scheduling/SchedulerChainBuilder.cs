using Clues.Core.Config;
using Clues.Core.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Clues.Core.Scheduling;

/// <summary>Builds the scheduler chain from <c>[scheduling] SCHEDULER_CLASSES</c>, in order.</summary>
public static class SchedulerChainBuilder
{
    /// <summary>Resolves and creates every scheduler; unknown names are collected as configuration errors.</summary>
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
        return chain;
    }
}
