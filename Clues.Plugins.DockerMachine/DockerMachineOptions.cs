using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.DockerMachine;

/// <summary><c>[DMACHINE]</c> (and <c>[DOCKER] DOCKER_MANAGER_HOST</c>): the docker-machine power manager's settings.</summary>
internal sealed record DockerMachineOptions : IConfigSectionOwner
{
    public const string Section = "DMACHINE";
    public const string DefaultPowerOn = "docker-machine start %%h";
    public const string DefaultPowerOff = "docker-machine stop %%h";
    public const string DefaultMachineList = "docker-machine ls --format '{{.Name}} {{.State}}'";
    public const string MachineListKey = "DMACHINE_VM_LIST";
    public const string DrainTimeoutKey = "DMACHINE_DRAIN_TIMEOUT";
    public const string DrainPollKey = "DMACHINE_DRAIN_POLL";

    /// <summary>
    /// <c>DMACHINE_CMDLINE_POWON</c> (default <c>docker-machine start %%h</c>), <c>DMACHINE_CMDLINE_POWOFF</c> (default
    /// <c>docker-machine stop %%h</c>), <c>DMACHINE_HOSTS_FILE</c> (default empty: optional, <c>%%a</c> is then the
    /// node name) and <c>[general] TIMEOUT_COMMANDS</c>.
    /// </summary>
    public required CommandLinePowerOptions Commands { get; init; }

    /// <summary>
    /// <c>DMACHINE_VM_LIST</c>, default <c>docker-machine ls --format '{{.Name}} {{.State}}'</c>; empty = not used. A
    /// machine already in the wanted state is not switched again.
    /// </summary>
    public string MachineListCommand { get; init; } = DefaultMachineList;

    /// <summary><c>[DOCKER] DOCKER_MANAGER_HOST</c>: the Swarm manager's Engine API (empty = <c>DOCKER_HOST</c>).</summary>
    public string ManagerHost { get; init; } = "";

    /// <summary>
    /// <c>DMACHINE_DRAIN_TIMEOUT</c>, default 5 s: how long a power-off waits for the node's tasks to end before it
    /// gives up (keep it under <c>TIMEOUT_COMMANDS</c>, which bounds the whole power call).
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>DMACHINE_DRAIN_POLL</c>, default 1 s: how often the node's tasks are counted while waiting.</summary>
    public TimeSpan DrainPoll { get; init; } = TimeSpan.FromSeconds(1);

    internal static readonly CommandLinePowerKeys CommandKeys = new(Section, Section, "", DefaultPowerOn, DefaultPowerOff);
    internal static readonly ConfigKey<string> MachineListSetting = ConfigKey.String(MachineListKey, DefaultMachineList,
        "a docker-machine ls command line; a machine already in the wanted state is not switched again; empty = not used");
    internal static readonly ConfigKey<double> DrainTimeoutSetting = ConfigKey.Double(DrainTimeoutKey, 5,
        "seconds a power-off waits for the node's tasks to end before it gives up (keep it under [general] TIMEOUT_COMMANDS)",
        v => v >= 0 ? null : "a number of seconds >= 0");
    internal static readonly ConfigKey<double> DrainPollSetting = ConfigKey.Double(DrainPollKey, 1,
        "seconds between two counts of the node's tasks while a power-off waits",
        v => v >= 0.05 ? null : "a number of seconds >= 0.05");

    /// <summary>The declared <c>[DMACHINE]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.dmachine: powers Docker Machine VMs on and off, draining the Swarm node before a power-off.",
        [.. CommandKeys.All, MachineListSetting, DrainTimeoutSetting, DrainPollSetting]);

    public static DockerMachineOptions Read(CluesConfig config)
    {
        var commands = CommandLinePowerOptions.Read(config, CommandKeys);
        return new DockerMachineOptions
        {
            Commands = commands,
            MachineListCommand = MachineListSetting.Read(config, Section),
            ManagerHost = config.GetString("DOCKER", "DOCKER_MANAGER_HOST", ""),
            DrainTimeout = TimeSpan.FromSeconds(DrainTimeoutSetting.Read(config, Section)),
            DrainPoll = TimeSpan.FromSeconds(DrainPollSetting.Read(config, Section)),
        };
    }
}
