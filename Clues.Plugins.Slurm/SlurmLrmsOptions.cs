using Clues.Core.Config;

namespace Clues.Plugins.Slurm;

/// <summary><c>[SLURM]</c>: the Slurm LRMS plugin's settings (CLUES' keys and defaults, plus the drain keys).</summary>
internal sealed record SlurmLrmsOptions
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

    public static SlurmLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = new SlurmLrmsOptions
        {
            Server = config.GetString(Section, ServerKey, DefaultServer),
            PartitionCommand = config.GetString(Section, PartitionCommandKey, DefaultPartitionCommand),
            NodesCommand = config.GetString(Section, NodesCommandKey, DefaultNodesCommand),
            JobsCommand = config.GetString(Section, JobsCommandKey, DefaultJobsCommand),
            SlurmConf = config.GetString(Section, SlurmConfKey, ""),
            DrainBeforePowerOff = config.GetBool(Section, DrainKey, true),
            DrainCommand = config.GetString(Section, DrainCommandKey, DefaultDrainCommand),
            UndrainCommand = config.GetString(Section, UndrainCommandKey, DefaultUndrainCommand),
            ResumeCommand = config.GetString(Section, ResumeCommandKey, DefaultResumeCommand),
        };
        foreach (var (key, value) in new[]
                 {
                     (NodesCommandKey, options.NodesCommand), (JobsCommandKey, options.JobsCommand),
                     (PartitionCommandKey, options.PartitionCommand), (DrainCommandKey, options.DrainCommand),
                     (UndrainCommandKey, options.UndrainCommand), (ResumeCommandKey, options.ResumeCommand),
                 })
        {
            if (value.Length == 0 && config.Find(Section, key) is { } entry)
            {
                config.AddError(entry, Section, "a command line (such as " + DefaultFor(key) + ")");
            }
        }
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return options with { CommandTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan };
    }

    private static string DefaultFor(string key) => key switch
    {
        NodesCommandKey => DefaultNodesCommand,
        JobsCommandKey => DefaultJobsCommand,
        PartitionCommandKey => DefaultPartitionCommand,
        DrainCommandKey => DefaultDrainCommand,
        UndrainCommandKey => DefaultUndrainCommand,
        _ => DefaultResumeCommand,
    };
}
