using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.Docker;

/// <summary><c>[DOCKER]</c>: the Docker LRMS plugin's settings.</summary>
internal sealed record DockerLrmsOptions : IConfigSectionOwner
{
    public const string Section = "DOCKER";
    public const string DockerServerKey = "DOCKER_SERVER";
    public const string ManagerHostKey = "DOCKER_MANAGER_HOST";
    public const string IncludeManagersKey = "INCLUDE_MANAGERS";
    public const string SlotsPerHostKey = "SLOTS_PER_HOST";
    public const string ContainersPerHostKey = "CONTAINERS_PER_HOST";
    public const string NodeSlotsKeyPrefix = "NODE_SLOTS_";
    public const string MachineListKey = "DMACHINE_VM_LIST";
    public const string DefaultDockerServer = "http://127.0.0.1:8880";

    /// <summary>
    /// <c>DOCKER_SERVER</c>, default <c>http://127.0.0.1:8880</c>: the docker-wrapper (its <c>/jobs/list</c>). Set
    /// empty to run without the wrapper (jobs are then only the Swarm tasks waiting for resources).
    /// </summary>
    public Uri? DockerServer { get; init; } = new(DefaultDockerServer + "/");

    /// <summary>
    /// <c>DOCKER_MANAGER_HOST</c>, default empty (= <c>DOCKER_HOST</c>, else the local socket): the Swarm manager's
    /// Engine API, for example <c>unix:///tmp/clues-lab/manager/docker.sock</c>.
    /// </summary>
    public string ManagerHost { get; init; } = "";

    /// <summary><c>INCLUDE_MANAGERS</c>, default false: report manager nodes too (they are not powered off by default).</summary>
    public bool IncludeManagers { get; init; }

    /// <summary>
    /// <c>SLOTS_PER_HOST</c> (or, when absent, the thesis' <c>CONTAINERS_PER_HOST</c>), default unset: the slots of
    /// every node instead of its CPUs.
    /// </summary>
    public double? SlotsPerHost { get; init; }

    /// <summary>
    /// <c>NODE_SLOTS_&lt;node&gt;</c> (for example <c>NODE_SLOTS_worker-01 = 4</c>): the slots of one node, over
    /// <see cref="SlotsPerHost"/> and its CPUs.
    /// </summary>
    public IReadOnlyDictionary<string, double> NodeSlots { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// <c>DMACHINE_VM_LIST</c>, default empty (not used): a <c>docker-machine ls</c> command line; a node whose
    /// machine it does not show as Running is reported OFF even while Swarm has not noticed yet. The thesis value
    /// <c>/usr/local/bin/docker-machine ls</c> (table output) works as well as a <c>--format '{{.Name}} {{.State}}'</c> one.
    /// </summary>
    public string MachineListCommand { get; init; } = "";

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of the machine listing command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The slots of <paramref name="node"/>: its own key, else the global one, else its CPUs.</summary>
    public double SlotsOf(string node, double cpus) =>
        NodeSlots.TryGetValue(node, out var slots) ? slots : SlotsPerHost ?? cpus;

    internal static readonly ConfigKey<string> DockerServerSetting = ConfigKey.String(DockerServerKey, DefaultDockerServer,
        "the docker-wrapper (its /jobs/list); empty = no wrapper, jobs are then only the Swarm tasks waiting for resources",
        validate: v => v.Length == 0 || ServerUri(v) is not null ? null : "an http:// or https:// URL of the docker-wrapper (such as http://127.0.0.1:8880)");
    internal static readonly ConfigKey<string> ManagerHostSetting = ConfigKey.String(ManagerHostKey, "",
        "the Swarm manager's Engine API, such as unix:///var/run/docker.sock; empty = DOCKER_HOST, else the local socket");
    internal static readonly ConfigKey<bool> IncludeManagersSetting = ConfigKey.Bool(IncludeManagersKey, false,
        "report manager nodes too (they are not powered off by default)");
    internal static readonly ConfigKey<double> SlotsPerHostSetting = ConfigKey.Double(SlotsPerHostKey, 0,
        "the slots of every node instead of its CPUs; absent = its CPUs");
    internal static readonly ConfigKey<double> ContainersPerHostSetting = ConfigKey.Double(ContainersPerHostKey, 0,
        "the thesis' name of SLOTS_PER_HOST, used when SLOTS_PER_HOST is absent");
    internal static readonly ConfigKey<double> NodeSlotsSetting = ConfigKey.DoubleFamily(NodeSlotsKeyPrefix,
        "the slots of one node (NODE_SLOTS_worker-01 = 4), over SLOTS_PER_HOST and its CPUs");
    internal static readonly ConfigKey<string> MachineListSetting = ConfigKey.String(MachineListKey, "",
        "a docker-machine ls command line; a node whose machine it does not show as Running is reported OFF; empty = not used");

    /// <summary>The declared <c>[DOCKER]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.docker: nodes and their load from the Docker Swarm API, jobs from the docker-wrapper.",
        [DockerServerSetting, ManagerHostSetting, IncludeManagersSetting, SlotsPerHostSetting, ContainersPerHostSetting, NodeSlotsSetting, MachineListSetting]);

    public static DockerLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var server = DockerServerSetting.Read(config, Section);
        var slotsKey = config.Find(Section, SlotsPerHostKey) is not null ? SlotsPerHostSetting
            : config.Find(Section, ContainersPerHostKey) is not null ? ContainersPerHostSetting : null;
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new DockerLrmsOptions
        {
            DockerServer = server.Length == 0 ? null : ServerUri(server),
            ManagerHost = ManagerHostSetting.Read(config, Section),
            IncludeManagers = IncludeManagersSetting.Read(config, Section),
            SlotsPerHost = slotsKey?.Read(config, Section),
            NodeSlots = NodeSlotsSetting.ReadFamily(config, Section),
            MachineListCommand = MachineListSetting.Read(config, Section),
            CommandTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static Uri? ServerUri(string server) =>
        Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
