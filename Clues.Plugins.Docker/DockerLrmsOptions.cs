using Clues.Core.Config;

namespace Clues.Plugins.Docker;

/// <summary><c>[DOCKER]</c>: the Docker LRMS plugin's settings.</summary>
internal sealed record DockerLrmsOptions
{
    public const string Section = "DOCKER";
    public const string DockerServerKey = "DOCKER_SERVER";
    public const string ManagerHostKey = "DOCKER_MANAGER_HOST";
    public const string IncludeManagersKey = "INCLUDE_MANAGERS";
    public const string SlotsPerHostKey = "SLOTS_PER_HOST";
    public const string ContainersPerHostKey = "CONTAINERS_PER_HOST";
    public const string NodeSlotsKeyPrefix = "NODE_SLOTS_";
    public const string MachineListKey = "DMACHINE_VM_LIST";
    public const string DefaultDockerServer = "unix:///run/clues2/docker-wrapper.sock";

    /// <summary>
    /// <c>DOCKER_SERVER</c>, default <c>unix:///run/clues2/docker-wrapper.sock</c>: the docker-wrapper (its
    /// <c>/jobs/list</c>), on its unix socket or at an <c>http://</c> or <c>https://</c> URL. Set empty to run without
    /// the wrapper (jobs are then only the Swarm tasks waiting for resources).
    /// </summary>
    public Uri? DockerServer { get; init; } = new(DefaultDockerServer);

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

    public static DockerLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new DockerLrmsOptions();
        var server = config.GetString(Section, DockerServerKey, DefaultDockerServer);
        Uri? serverUri = null;
        var isUnix = server.StartsWith("unix:///", StringComparison.Ordinal);
        if (server.Length > 0
            && (!Uri.TryCreate(isUnix || server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out serverUri)
                || serverUri.Scheme is not ("http" or "https" or "unix") || (serverUri.Scheme == "unix" && serverUri.AbsolutePath.Length <= 1)))
        {
            config.AddError(new ConfigError(config.Find(Section, DockerServerKey)?.File, Section, DockerServerKey, server,
                "the docker-wrapper's unix:///path socket or its http:// or https:// URL (such as " + DefaultDockerServer + ")"));
            serverUri = defaults.DockerServer;
        }

        var nodeSlots = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in config.Entries(Section))
        {
            if (entry.Key.StartsWith(NodeSlotsKeyPrefix, StringComparison.OrdinalIgnoreCase) && entry.Key.Length > NodeSlotsKeyPrefix.Length)
            {
                nodeSlots[entry.Key[NodeSlotsKeyPrefix.Length..]] = config.GetDouble(Section, entry.Key, 0);
            }
        }

        double? slotsPerHost = null;
        var slotsKey = config.Find(Section, SlotsPerHostKey) is not null ? SlotsPerHostKey
            : config.Find(Section, ContainersPerHostKey) is not null ? ContainersPerHostKey : null;
        if (slotsKey is not null)
        {
            slotsPerHost = config.GetDouble(Section, slotsKey, 0);
        }

        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new DockerLrmsOptions
        {
            DockerServer = serverUri,
            ManagerHost = config.GetString(Section, ManagerHostKey, defaults.ManagerHost),
            IncludeManagers = config.GetBool(Section, IncludeManagersKey, defaults.IncludeManagers),
            SlotsPerHost = slotsPerHost,
            NodeSlots = nodeSlots,
            MachineListCommand = config.GetString(Section, MachineListKey, defaults.MachineListCommand),
            CommandTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }
}
