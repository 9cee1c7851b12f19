using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.Mesos;

/// <summary><c>[MESOS]</c>: the Mesos LRMS plugin's settings (CLUES' keys and defaults, plus the virtual-nodes file's path).</summary>
internal sealed record MesosLrmsOptions : IConfigSectionOwner
{
    public const string Section = "MESOS";
    public const string ServerKey = "MESOS_SERVER";
    public const string NodesCommandKey = "MESOS_NODES_COMMAND";
    public const string StateCommandKey = "MESOS_STATE_COMMAND";
    public const string JobsCommandKey = "MESOS_JOBS_COMMAND";
    public const string MarathonCommandKey = "MESOS_MARATHON_COMMAND";
    public const string ChronosCommandKey = "MESOS_CHRONOS_COMMAND";
    public const string ChronosStateCommandKey = "MESOS_CHRONOS_STATE_COMMAND";
    public const string NodeMemoryKey = "MESOS_NODE_MEMORY";
    public const string NodeSlotsKey = "MESOS_NODE_SLOTS";
    public const string VirtualNodesFileKey = "MESOS_VNODES_FILE";

    public const string DefaultServer = "mesosserverpublic";
    public const string DefaultNodesCommand = "/usr/bin/curl -L -X GET http://mesosserverpublic:5050/master/slaves";
    public const string DefaultStateCommand = "/usr/bin/curl -L -X GET http://mesosserverpublic:5050/master/state.json";
    public const string DefaultJobsCommand = "/usr/bin/curl -L -X GET http://mesosserverpublic:5050/master/tasks.json?limit=1000";
    public const string DefaultMarathonCommand = "/usr/bin/curl -L -X GET http://mesosserverpublic:8080/v2/apps?embed=tasks";
    public const string DefaultChronosCommand = "/usr/bin/curl -L -X GET http://mesosserverpublic:4400/scheduler/jobs";
    public const string DefaultChronosStateCommand = "/usr/bin/curl -L -X GET http://mesosserverpublic:4400/scheduler/graph/csv";
    public const string DefaultVirtualNodesFile = "/etc/clues2/mesos_vnodes.info";

    /// <summary><c>MESOS_SERVER</c>, default <c>mesosserverpublic</c>: only names the plugin (<c>MESOS_&lt;server&gt;</c>) in logs.</summary>
    public string Server { get; init; } = DefaultServer;

    /// <summary>The value of <c>[general] TIMEOUT_COMMANDS</c>: the limit of one request unless a command says <c>-m</c>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>MESOS_NODES_COMMAND</c>: the master's agents (<c>/master/slaves</c>).</summary>
    public required MesosEndpoint Nodes { get; init; }

    /// <summary><c>MESOS_STATE_COMMAND</c>: the master's state, for its frameworks (<c>/master/state.json</c>).</summary>
    public required MesosEndpoint State { get; init; }

    /// <summary><c>MESOS_JOBS_COMMAND</c>: the master's tasks (<c>/master/tasks.json?limit=1000</c>), read page by page.</summary>
    public required MesosEndpoint Tasks { get; init; }

    /// <summary><c>MESOS_MARATHON_COMMAND</c>: Marathon's apps with their tasks; null when Marathon is not used (empty value).</summary>
    public MesosEndpoint? Marathon { get; init; }

    /// <summary><c>MESOS_CHRONOS_COMMAND</c>: Chronos' jobs; null when Chronos is not used (empty value).</summary>
    public MesosEndpoint? Chronos { get; init; }

    /// <summary><c>MESOS_CHRONOS_STATE_COMMAND</c>: Chronos' job graph (CSV), for the jobs' states.</summary>
    public MesosEndpoint? ChronosState { get; init; }

    /// <summary><c>MESOS_NODE_MEMORY</c>, default 1572864000 (bytes): a virtual node's memory.</summary>
    public double NodeMemory { get; init; } = 1572864000;

    /// <summary><c>MESOS_NODE_SLOTS</c>, default 1: a virtual node's CPUs.</summary>
    public int NodeSlots { get; init; } = 1;

    /// <summary>
    /// <c>MESOS_VNODES_FILE</c>, default <c>/etc/clues2/mesos_vnodes.info</c> (fixed in CLUES): the agents CLUES manages,
    /// as CLUES' JSON list or its earlier one-name-a-line form.
    /// </summary>
    public string VirtualNodesFile { get; init; } = DefaultVirtualNodesFile;

    private static readonly ConfigKey<string> ServerSetting = ConfigKey.String(ServerKey, DefaultServer,
        "the Mesos master's name; only used in the plugin's id (MESOS_<server>) for logs");
    private static readonly ConfigKey<string> NodesSetting = Command(NodesCommandKey, DefaultNodesCommand, "the Mesos master's agents (/master/slaves)", optional: false);
    private static readonly ConfigKey<string> StateSetting = Command(StateCommandKey, DefaultStateCommand, "the Mesos master's state, for its frameworks (/master/state.json)", optional: false);
    private static readonly ConfigKey<string> JobsSetting = Command(JobsCommandKey, DefaultJobsCommand,
        "the Mesos master's tasks (/master/tasks.json); with limit=N they are read N at a time", optional: false);
    private static readonly ConfigKey<string> MarathonSetting = Command(MarathonCommandKey, DefaultMarathonCommand,
        "Marathon's apps with their tasks (/v2/apps?embed=tasks); empty = Marathon is not used", optional: true);
    private static readonly ConfigKey<string> ChronosSetting = Command(ChronosCommandKey, DefaultChronosCommand,
        "Chronos' jobs (/scheduler/jobs); empty = Chronos is not used", optional: true);
    private static readonly ConfigKey<string> ChronosStateSetting = Command(ChronosStateCommandKey, DefaultChronosStateCommand,
        "Chronos' job graph, CSV (/scheduler/graph/csv), for the jobs' states; needed with MESOS_CHRONOS_COMMAND", optional: true);
    private static readonly ConfigKey<double> NodeMemorySetting = ConfigKey.Double(NodeMemoryKey, 1572864000,
        "a virtual node's memory in bytes, when its entry gives none", validate: v => v > 0 ? null : "a positive number of bytes");
    private static readonly ConfigKey<int> NodeSlotsSetting = ConfigKey.Int(NodeSlotsKey, 1,
        "a virtual node's CPUs, when its entry gives none", validate: v => v > 0 ? null : "a positive number of CPUs");
    private static readonly ConfigKey<string> VirtualNodesFileSetting = ConfigKey.String(VirtualNodesFileKey, DefaultVirtualNodesFile,
        "the agents CLUES manages: a JSON list of {name, cpu, memory, keywords}, or one name a line",
        validate: v => v.Length > 0 ? null : "the path of the virtual-nodes file (mandatory)");

    /// <summary>The declared <c>[MESOS]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.mesos: the agents of the virtual-nodes file and their load from the Mesos master; frameworks, Marathon apps and Chronos jobs as jobs.",
        [ServerSetting, NodesSetting, StateSetting, JobsSetting, MarathonSetting, ChronosSetting, ChronosStateSetting,
         NodeMemorySetting, NodeSlotsSetting, VirtualNodesFileSetting]);

    /// <summary>Reads <c>[MESOS]</c>; bad values are recorded in <see cref="CluesConfig.Errors"/> and replaced by CLUES' defaults.</summary>
    public static MesosLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var seconds = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        var timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        var chronos = Optional(ChronosSetting.Read(config, Section), timeout);
        var chronosState = Optional(ChronosStateSetting.Read(config, Section), timeout);
        if (chronos is not null && chronosState is null && config.Find(Section, ChronosStateCommandKey) is { } entry)
        {
            config.AddError(entry, Section, "the Chronos job graph command: MESOS_CHRONOS_COMMAND is set, and a job's state comes from the graph");
        }
        return new MesosLrmsOptions
        {
            Server = ServerSetting.Read(config, Section),
            RequestTimeout = timeout,
            Nodes = Endpoint(NodesSetting.Read(config, Section), timeout),
            State = Endpoint(StateSetting.Read(config, Section), timeout),
            Tasks = Endpoint(JobsSetting.Read(config, Section), timeout),
            Marathon = Optional(MarathonSetting.Read(config, Section), timeout),
            Chronos = chronos,
            ChronosState = chronosState,
            NodeMemory = NodeMemorySetting.Read(config, Section),
            NodeSlots = NodeSlotsSetting.Read(config, Section),
            VirtualNodesFile = VirtualNodesFileSetting.Read(config, Section),
        };
    }

    // A value the key's validation refused has been recorded as an error; the default stands in so that the options
    // are complete.
    private static MesosEndpoint Endpoint(string command, TimeSpan timeout) =>
        CurlCommand.TryParse(command, timeout, out var error) ?? throw new InvalidOperationException(error);

    private static MesosEndpoint? Optional(string command, TimeSpan timeout) =>
        command is { Length: > 0 } and not "None" ? Endpoint(command, timeout) : null;

    // Not "required" in the schema: that would show the default as "(mandatory)"; an empty value is refused here.
    private static ConfigKey<string> Command(string key, string defaultValue, string what, bool optional) =>
        ConfigKey.String(key, defaultValue, "how to read " + what, validate: value =>
            value is "" or "None" ? (optional ? null : $"a value (mandatory): {CurlCommand.Expected}")
            : CurlCommand.TryParse(value, TimeSpan.FromSeconds(10), out var error) is null ? error : null);
}
