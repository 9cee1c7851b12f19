using Clues.Core.Config;
using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.DockerMachine;

/// <summary><c>[DMACHINE]</c> (and <c>[DOCKER] DOCKER_MANAGER_HOST</c>): the docker-machine power manager's settings.</summary>
internal sealed record DockerMachineOptions
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

    public static DockerMachineOptions Read(CluesConfig config)
    {
        var commands = CommandLinePowerOptions.Read(config, Section, Section, "", DefaultPowerOn, DefaultPowerOff);
        return new DockerMachineOptions
        {
            Commands = commands,
            MachineListCommand = config.GetString(Section, MachineListKey, DefaultMachineList),
            ManagerHost = config.GetString("DOCKER", "DOCKER_MANAGER_HOST", ""),
            DrainTimeout = TimeSpan.FromSeconds(Math.Max(0, config.GetDouble(Section, DrainTimeoutKey, 5))),
            DrainPoll = TimeSpan.FromSeconds(Math.Max(0.05, config.GetDouble(Section, DrainPollKey, 1))),
        };
    }
}
