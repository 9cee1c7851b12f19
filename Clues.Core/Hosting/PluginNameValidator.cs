using Clues.Core.Config;
using Clues.Core.Plugins;

namespace Clues.Core.Hosting;

/// <summary>Checks that LRMS_CLASS, POWERMANAGER_CLASS and every SCHEDULER_CLASSES entry name a known part.</summary>
public static class PluginNameValidator
{
    /// <summary>Every naming problem, each naming the key and listing what is available.</summary>
    public static IReadOnlyList<ConfigError> Validate(CluesConfig config, PluginRegistry registry) =>
        Validate(config, registry, checkPlugins: true, []);

    /// <summary>Every naming problem; the LRMS plugin and power manager types found are added to <paramref name="selected"/>.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="registry">The parts available.</param>
    /// <param name="checkPlugins">False = LRMS_CLASS and POWERMANAGER_CLASS are not used (the simulator), only schedulers are checked.</param>
    /// <param name="selected">Receives the plugin types the configuration selects.</param>
    internal static IReadOnlyList<ConfigError> Validate(CluesConfig config, PluginRegistry registry, bool checkPlugins, List<Type> selected)
    {
        var general = GeneralOptions.Bind(config);
        var scheduling = SchedulingOptions.Bind(config);
        var errors = new List<ConfigError>();
        foreach (var loadError in registry.LoadErrors)
        {
            errors.Add(new ConfigError(null, GeneralOptions.Section, "PLUGIN_DIR", general.PluginDir, loadError));
        }
        if (checkPlugins && general.LrmsClass.Length == 0)
        {
            errors.Add(Error(config, GeneralOptions.Section, "LRMS_CLASS", "", "an LRMS plugin name (mandatory), such as cluesplugins.docker"));
        }
        else if (checkPlugins)
        {
            Check(config, registry, PluginKind.Lrms, GeneralOptions.Section, "LRMS_CLASS", general.LrmsClass, errors, selected);
        }
        if (checkPlugins && general.PowerManagerClass.Length > 0)
        {
            Check(config, registry, PluginKind.PowerManager, GeneralOptions.Section, "POWERMANAGER_CLASS", general.PowerManagerClass, errors, selected);
        }
        foreach (var name in scheduling.SchedulerNames)
        {
            Check(config, registry, PluginKind.Scheduler, SchedulingOptions.Section, "SCHEDULER_CLASSES", name, errors, selected);
        }
        // A simulation runs [simulator] SCHEDULER_CLASSES when set (else CLUES' simulator's chain).
        foreach (var name in checkPlugins ? [] : SimulatorOptions.Bind(config).SchedulerNames)
        {
            Check(config, registry, PluginKind.Scheduler, SimulatorOptions.Section, "SCHEDULER_CLASSES", name, errors, selected);
        }
        return errors;
    }

    private static void Check(CluesConfig config, PluginRegistry registry, PluginKind kind, string section, string key, string name,
        List<ConfigError> errors, List<Type>? selected)
    {
        if (registry.Resolve(kind, name, out var error) is { } type)
        {
            selected?.Add(type);
        }
        else
        {
            errors.Add(Error(config, section, key, name, error!));
        }
    }

    private static ConfigError Error(CluesConfig config, string section, string key, string value, string expected)
    {
        var entry = config.Find(section, key);
        return new ConfigError(entry?.File, section, key, value, expected);
    }
}
