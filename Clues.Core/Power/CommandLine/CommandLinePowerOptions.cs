using Clues.Core.Config;

namespace Clues.Core.Power.CommandLine;

/// <summary>How a <see cref="CommandLinePowerManager"/> runs its commands.</summary>
public sealed record CommandLinePowerOptions
{
    /// <summary>The directories a relative hosts file is looked up in, in order (CLUES' config directories).</summary>
    public static IReadOnlyList<string> CluesSearchDirectories { get; } =
    [
        "etc",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "clues2", "etc"),
        "/etc/clues2",
    ];

    /// <summary>The INI section the values came from, for messages (for example <c>IPMI</c>).</summary>
    public required string Section { get; init; }

    /// <summary>The power-on command template (<c>%%h</c> = node name, <c>%%a</c> = address). Empty = not configured.</summary>
    public string PowerOnCommand { get; init; } = "";

    /// <summary>The key of <see cref="PowerOnCommand"/>, for messages.</summary>
    public string PowerOnKey { get; init; } = "";

    /// <summary>The power-off command template. Empty = not configured.</summary>
    public string PowerOffCommand { get; init; } = "";

    /// <summary>The key of <see cref="PowerOffCommand"/>, for messages.</summary>
    public string PowerOffKey { get; init; } = "";

    /// <summary>
    /// The hosts file giving each node's address, or null for none (the address is then the node name). When set,
    /// a node it does not list cannot be switched.
    /// </summary>
    public string? HostsFile { get; init; }

    /// <summary>The key of <see cref="HostsFile"/>, for messages.</summary>
    public string HostsFileKey { get; init; } = "";

    /// <summary>Where a relative <see cref="HostsFile"/> is looked for; <see cref="CluesSearchDirectories"/> by default.</summary>
    public IReadOnlyList<string> HostsSearchDirectories { get; init; } = CluesSearchDirectories;

    /// <summary>How long a command may run (<c>[general] TIMEOUT_COMMANDS</c>, default 10 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between SIGTERM and SIGKILL when a command overruns.</summary>
    public TimeSpan KillGracePeriod { get; init; } = ShellCommandRunner.DefaultKillGracePeriod;

    /// <summary>
    /// Whether a one-word standard output names the node really switched (<c>cluesplugins.commandline</c> does this;
    /// ipmi and wol always report the node asked for).
    /// </summary>
    public bool NodeNameFromOutput { get; init; }

    /// <summary>
    /// Reads <c>[section] PREFIX_CMDLINE_POWON</c>, <c>PREFIX_CMDLINE_POWOFF</c> and <c>PREFIX_HOSTS_FILE</c>, and
    /// <c>[general] TIMEOUT_COMMANDS</c>: the key scheme shared by ipmi, wol, commandline and dmachine.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="section">The section, for example <c>IPMI</c>.</param>
    /// <param name="prefix">The key prefix, for example <c>IPMI</c>.</param>
    /// <param name="defaultHostsFile">The hosts file used when the key is absent; empty = no hosts file.</param>
    /// <param name="defaultPowerOn">Default power-on template.</param>
    /// <param name="defaultPowerOff">Default power-off template.</param>
    public static CommandLinePowerOptions Read(CluesConfig config, string section, string prefix,
        string defaultHostsFile, string defaultPowerOn = "", string defaultPowerOff = "") =>
        Read(config, new CommandLinePowerKeys(section, prefix, defaultHostsFile, defaultPowerOn, defaultPowerOff));

    /// <summary>Reads the declared <paramref name="keys"/> and <c>[general] TIMEOUT_COMMANDS</c>.</summary>
    /// <remarks>A missing mandatory command is recorded in <see cref="CluesConfig.Errors"/>.</remarks>
    public static CommandLinePowerOptions Read(CluesConfig config, CommandLinePowerKeys keys)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(keys);
        var hosts = keys.HostsFile.Read(config, keys.Section);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new CommandLinePowerOptions
        {
            Section = keys.Section,
            PowerOnCommand = keys.PowerOn.Read(config, keys.Section),
            PowerOnKey = keys.PowerOn.Name,
            PowerOffCommand = keys.PowerOff.Read(config, keys.Section),
            PowerOffKey = keys.PowerOff.Name,
            HostsFile = hosts.Length == 0 ? null : hosts,
            HostsFileKey = keys.HostsFile.Name,
            // A timeout of 0 or less would kill every command at once: treat it as "no limit" instead.
            Timeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : System.Threading.Timeout.InfiniteTimeSpan,
        };
    }
}
