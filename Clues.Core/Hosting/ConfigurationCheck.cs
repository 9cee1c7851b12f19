using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Plugins;

namespace Clues.Core.Hosting;

/// <summary>What a configuration check covers: the daemon's plugins, or the simulator's own.</summary>
public enum ConfigCheckScope
{
    /// <summary>
    /// <c>clues-host run</c> and <c>check</c>: the core sections, every plugin and scheduler name, and the sections of
    /// the LRMS plugin and power manager selected.
    /// </summary>
    Daemon,

    /// <summary>
    /// <c>clues-host simulate</c>: as <see cref="Daemon"/>, but the simulated cluster replaces LRMS_CLASS and
    /// POWERMANAGER_CLASS, so those and their sections are not checked.
    /// </summary>
    Simulation,
}

/// <summary>The outcome of <see cref="ConfigurationCheck.Run"/>.</summary>
/// <param name="Options">The core options (invalid values replaced by their defaults).</param>
/// <param name="Registry">The plugin registry built from <c>PLUGIN_DIR</c>.</param>
/// <param name="Errors">Every problem; the daemon does not start with any.</param>
/// <param name="Warnings">Legal but probably wrong settings; printed, never fatal.</param>
public sealed record ConfigCheckResult(CluesOptions Options, PluginRegistry Registry, IReadOnlyList<ConfigError> Errors, IReadOnlyList<ConfigWarning> Warnings)
{
    /// <summary>Whether there is no error.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The one validation every <c>clues-host</c> command runs on the configuration it loaded (<c>run</c>, <c>check</c>,
/// <c>simulate</c>): core sections, plugin and scheduler names, the declared sections of the selected plugins
/// (<see cref="ConfigSectionAttribute{TOwner}"/>), and the warnings about keys CLUES would silently ignore.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>Checks <paramref name="config"/>; every problem is collected, none stops the check.</summary>
    /// <param name="config">The loaded configuration; every key read joins <see cref="CluesConfig.Reads"/>.</param>
    /// <param name="scope">What is checked.</param>
    /// <param name="registryFor">Builds the plugin registry for a <c>PLUGIN_DIR</c>; null = <see cref="PluginRegistry.Create"/>.</param>
    /// <param name="companions">
    /// The sections of other programs that read the same files (the docker-wrapper's <c>[DOCKER_WRAPPER]</c>): each one
    /// present in the files is checked as a selected plugin's would be. None for <c>run</c>: another program's
    /// settings must not stop the daemon.
    /// </param>
    public static ConfigCheckResult Run(CluesConfig config, ConfigCheckScope scope, Func<string?, PluginRegistry>? registryFor = null,
        IReadOnlyList<ConfigSectionSchema>? companions = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var core = new ConfigValidator().Validate(config);
        var registry = (registryFor ?? PluginRegistry.Create)(core.Options.General.PluginDir);
        var errors = new List<ConfigError>(core.Errors);
        var selected = new List<Type>();
        foreach (var error in PluginNameValidator.Validate(config, registry, scope == ConfigCheckScope.Daemon, selected))
        {
            Add(errors, error);
        }
        var present = config.SectionNames.ToHashSet(StringComparer.Ordinal);
        foreach (var schema in selected.SelectMany(ConfigSectionAttribute.Of).Concat((companions ?? []).Where(c => present.Contains(c.Section))))
        {
            schema.Bind(config);
        }
        foreach (var error in config.Errors)
        {
            Add(errors, error);
        }

        var warnings = new List<ConfigWarning>(config.Warnings);
        warnings.AddRange(ConfigInspector.UnknownKeys(config));
        warnings.AddRange(Advisories(config, core.Options, scope));
        return new ConfigCheckResult(core.Options, registry, errors, warnings);
    }

    private static void Add(List<ConfigError> errors, ConfigError error)
    {
        if (!errors.Contains(error))
        {
            errors.Add(error);
        }
    }

    // Settings CLUES accepts that leave the daemon doing nothing, or open to anyone, without a word.
    private static IEnumerable<ConfigWarning> Advisories(CluesConfig config, CluesOptions options, ConfigCheckScope scope)
    {
        // A simulation serves no API, so its secret guards nothing.
        if (scope == ConfigCheckScope.Daemon && options.General.SecretToken.Length == 0)
        {
            yield return Warning(config, GeneralOptions.Section, "CLUES_SECRET_TOKEN",
                "is empty: any local process can power nodes on and off through the API; set a secret (and the same one in [client])");
        }
        if (scope == ConfigCheckScope.Daemon && options.Scheduling.SchedulerNames.Count == 0)
        {
            yield return Warning(config, SchedulingOptions.Section, "SCHEDULER_CLASSES",
                "is empty (CLUES' default): the daemon monitors but never powers a node on or off; list schedulers such as "
                + "clueslib.schedulers.CLUES_Scheduler_PowOn_Requests, clueslib.schedulers.CLUES_Scheduler_PowOff_IDLE");
        }
        // Nodes are only known once the LRMS reports them; the database remembers those of earlier runs.
        if (scope == ConfigCheckScope.Daemon && options.Groups.Count > 0
            && Persistence.CluesStoreFactory.KnownHostNames(options.General.DbConnectionString) is { Count: > 0 } known)
        {
            foreach (var group in options.Groups.Where(g => !known.Any(g.Nodes.Matches)))
            {
                yield return Warning(config, group.Section, Groups.NodeGroupConfig.Nodes.Name,
                    $"= {group.Nodes.Text} matches none of the {known.Count} nodes CLUES has managed (DB_CONNECTION_STRING): misspelt?");
            }
        }
        if (config.Find(GeneralOptions.Section, "PLUGIN_DIR") is not null && options.General.PluginDir.Length > 0
            && !Directory.Exists(options.General.PluginDir))
        {
            yield return Warning(config, GeneralOptions.Section, "PLUGIN_DIR",
                $"names the folder '{options.General.PluginDir}', which does not exist: no third-party plugin is loaded");
        }
    }

    private static ConfigWarning Warning(CluesConfig config, string section, string key, string message) =>
        config.Find(section, key) is { } entry
            ? new ConfigWarning(entry, section, message)
            : new ConfigWarning(null, null, section, key, message);
}
