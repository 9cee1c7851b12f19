using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.Slurm;

/// <summary><c>[SLURM]</c>: the Slurm LRMS plugin's settings (CLUES' keys and defaults, plus the drain keys).</summary>
internal sealed record SlurmLrmsOptions : IConfigSectionOwner
{
    public const string Section = "SLURM";
    public const string ServerKey = "SLURM_SERVER";
    public const string PartitionCommandKey = "SLURM_PARTITION_COMMAND";
    public const string NodesCommandKey = "SLURM_NODES_COMMAND";
    public const string JobsCommandKey = "SLURM_JOBS_COMMAND";
    public const string SlurmConfKey = "SLURM_CONF";
    public const string DrainKey = "SLURM_DRAIN_BEFORE_POWEROFF";
    public const string DrainCommandKey = "SLURM_DRAIN_COMMAND";
    public const string UndrainCommandKey = "SLURM_UNDRAIN_COMMAND";
    public const string ResumeCommandKey = "SLURM_RESUME_COMMAND";

    public const string DefaultServer = "slurmserverpublic";
    public const string DefaultPartitionCommand = "/usr/local/bin/scontrol -o show partitions";
    public const string DefaultNodesCommand = "/usr/local/bin/scontrol -o show nodes";
    public const string DefaultJobsCommand = "/usr/local/bin/scontrol -o show jobs";
    public const string DefaultDrainCommand = "scontrol update nodename=%%h state=drain reason=clues_power_off";
    public const string DefaultUndrainCommand = "scontrol update nodename=%%h state=undrain";
    public const string DefaultResumeCommand = "scontrol update nodename=%%h state=resume";

    /// <summary><c>SLURM_SERVER</c>, default <c>slurmserverpublic</c>: only names the plugin in logs (<c>SLURM_&lt;server&gt;</c>).</summary>
    public string Server { get; init; } = DefaultServer;

    /// <summary>
    /// <c>SLURM_PARTITION_COMMAND</c>, default <c>/usr/local/bin/scontrol -o show partitions</c>: run (once per pass) only
    /// when a node line has no <c>Partitions=</c> field (Slurm before 17.11), to learn each node's partitions.
    /// </summary>
    public string PartitionCommand { get; init; } = DefaultPartitionCommand;

    /// <summary><c>SLURM_NODES_COMMAND</c>, default <c>/usr/local/bin/scontrol -o show nodes</c>.</summary>
    public string NodesCommand { get; init; } = DefaultNodesCommand;

    /// <summary><c>SLURM_JOBS_COMMAND</c>, default <c>/usr/local/bin/scontrol -o show jobs</c>.</summary>
    public string JobsCommand { get; init; } = DefaultJobsCommand;

    /// <summary>
    /// <c>SLURM_CONF</c> (new), default empty: when set, the <c>slurm.conf</c> path given to every Slurm command through
    /// the <c>SLURM_CONF</c> environment variable (for a cluster whose configuration is not in the default place).
    /// </summary>
    public string SlurmConf { get; init; } = "";

    /// <summary>
    /// <c>SLURM_DRAIN_BEFORE_POWEROFF</c> (new), default true: before CLUES powers a node off, drain it in Slurm, check that
    /// no job runs there and refuse the power-off (undraining the node) if one does; after a power-on, resume the node.
    /// False: CLUES 2.3's behaviour, where Slurm may still place a job on a node being powered off.
    /// </summary>
    public bool DrainBeforePowerOff { get; init; } = true;

    /// <summary>
    /// <c>SLURM_DRAIN_COMMAND</c> (new), default <c>scontrol update nodename=%%h state=drain reason=clues_power_off</c>
    /// (<c>%%h</c> or <c>%h</c> is the node name; Slurm refuses a drain without a reason).
    /// </summary>
    public string DrainCommand { get; init; } = DefaultDrainCommand;

    /// <summary><c>SLURM_UNDRAIN_COMMAND</c> (new), default <c>scontrol update nodename=%%h state=undrain</c>: undoes the
    /// drain when a job landed on the node.</summary>
    public string UndrainCommand { get; init; } = DefaultUndrainCommand;

    /// <summary><c>SLURM_RESUME_COMMAND</c> (new), default <c>scontrol update nodename=%%h state=resume</c>: run after a
    /// power-on when Slurm still holds the node drained or down.</summary>
    public string ResumeCommand { get; init; } = DefaultResumeCommand;

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of each command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The environment the commands run with: <c>SLURM_CONF</c> when configured.</summary>
    public IReadOnlyDictionary<string, string?> Environment => SlurmConf.Length == 0
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { [SlurmConfKey] = SlurmConf };

    private static readonly ConfigKey<string> ServerSetting = ConfigKey.String(ServerKey, DefaultServer, "names the plugin in logs (SLURM_<server>)");
    private static readonly ConfigKey<string> PartitionCommandSetting = Command(PartitionCommandKey, DefaultPartitionCommand,
        "the partition listing, run only when node lines have no Partitions= field");
    private static readonly ConfigKey<string> NodesCommandSetting = Command(NodesCommandKey, DefaultNodesCommand, "the node listing (one line per node)");
    private static readonly ConfigKey<string> JobsCommandSetting = Command(JobsCommandKey, DefaultJobsCommand, "the job listing (one line per job)");
    private static readonly ConfigKey<string> SlurmConfSetting = ConfigKey.String(SlurmConfKey, "",
        "the slurm.conf given to every command in the SLURM_CONF environment variable; empty = the default place");
    private static readonly ConfigKey<bool> DrainSetting = ConfigKey.Bool(DrainKey, true,
        "drain a node before it is powered off (refusing while a job runs there) and resume it after a power-on");
    private static readonly ConfigKey<string> DrainCommandSetting = Command(DrainCommandKey, DefaultDrainCommand, "drains node %%h");
    private static readonly ConfigKey<string> UndrainCommandSetting = Command(UndrainCommandKey, DefaultUndrainCommand, "undrains node %%h when a job landed on it");
    private static readonly ConfigKey<string> ResumeCommandSetting = Command(ResumeCommandKey, DefaultResumeCommand, "resumes node %%h after a power-on");

    /// <summary>The declared <c>[SLURM]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.slurm: nodes and jobs from scontrol; nodes drained before a power-off and resumed after a power-on.",
        [ServerSetting, PartitionCommandSetting, NodesCommandSetting, JobsCommandSetting, SlurmConfSetting, DrainSetting,
         DrainCommandSetting, UndrainCommandSetting, ResumeCommandSetting]);

    public static SlurmLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new SlurmLrmsOptions
        {
            Server = ServerSetting.Read(config, Section),
            PartitionCommand = PartitionCommandSetting.Read(config, Section),
            NodesCommand = NodesCommandSetting.Read(config, Section),
            JobsCommand = JobsCommandSetting.Read(config, Section),
            SlurmConf = SlurmConfSetting.Read(config, Section),
            DrainBeforePowerOff = DrainSetting.Read(config, Section),
            DrainCommand = DrainCommandSetting.Read(config, Section),
            UndrainCommand = UndrainCommandSetting.Read(config, Section),
            ResumeCommand = ResumeCommandSetting.Read(config, Section),
            CommandTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static ConfigKey<string> Command(string key, string defaultValue, string what) =>
        ConfigKey.String(key, defaultValue, what, validate: v => v.Length == 0 ? "a command line (such as " + defaultValue + ")" : null);
}
