namespace Clues.Core.Config;

/// <summary>
/// Every core section of clues2.cfg, bound and (through <see cref="Load"/>) validated; a section not set has CLUES'
/// defaults.
/// </summary>
public sealed record CluesOptions
{
    /// <summary><c>[general]</c>.</summary>
    public GeneralOptions General { get; init; } = new();
    /// <summary><c>[monitoring]</c>.</summary>
    public MonitoringOptions Monitoring { get; init; } = new();
    /// <summary><c>[scheduling]</c>.</summary>
    public SchedulingOptions Scheduling { get; init; } = new();
    /// <summary><c>[hooks]</c>.</summary>
    public HooksOptions Hooks { get; init; } = new();
    /// <summary><c>[client]</c>.</summary>
    public ClientOptions Client { get; init; } = new();
    /// <summary><c>[simulator]</c>.</summary>
    public SimulatorOptions Simulator { get; init; } = new();
    /// <summary>The <c>[group:NAME]</c> sections: node groups with MIN_ON, MAX_ON and MAX_BOOTING (none by default).</summary>
    public IReadOnlyList<Groups.NodeGroup> Groups { get; init; } = [];
    /// <summary><c>[general] HA_*</c>: an active/standby pair on one database (off by default).</summary>
    public HighAvailability.HighAvailabilityOptions HighAvailability { get; init; } = new();

    /// <summary>
    /// Binds every section without checking ranges; type problems are collected in <see cref="CluesConfig.Errors"/>.
    /// </summary>
    public static CluesOptions Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CluesOptions
        {
            General = GeneralOptions.Bind(config),
            Monitoring = MonitoringOptions.Bind(config),
            Scheduling = SchedulingOptions.Bind(config),
            Hooks = HooksOptions.Bind(config),
            Client = ClientOptions.Bind(config),
            Simulator = SimulatorOptions.Bind(config),
            Groups = Clues.Core.Groups.NodeGroupConfig.Bind(config),
            HighAvailability = Core.HighAvailability.HighAvailabilityOptions.Read(config),
        };
    }

    /// <summary>
    /// Binds and validates every section (types, then ranges and formats), reporting all problems at once.
    /// </summary>
    /// <exception cref="ConfigException">Lists every problem found, each naming file, line, section, key, value and what was expected.</exception>
    public static CluesOptions Load(CluesConfig config)
    {
        var result = new ConfigValidator().Validate(config);
        if (result.Errors.Count > 0)
        {
            throw new ConfigException(result.Errors);
        }
        return result.Options;
    }
}
