using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.Condor;

/// <summary><c>[HTCONDOR]</c>: the HTCondor LRMS plugin's settings (CLUES' key and default, plus the commands and the
/// virtual-node file, which CLUES fixed in code).</summary>
internal sealed record CondorLrmsOptions : IConfigSectionOwner
{
    public const string Section = "HTCONDOR";
    public const string ServerKey = "HTCONDOR_SERVER";
    public const string StatusCommandKey = "HTCONDOR_STATUS_COMMAND";
    public const string QueueCommandKey = "HTCONDOR_Q_COMMAND";
    public const string VnodesFileKey = "HTCONDOR_VNODES_FILE";

    public const string DefaultServer = "htcondoreserver";
    public const string DefaultStatusCommand = "condor_status -long";
    public const string DefaultQueueCommand = "condor_q -global -allusers -long";
    public const string DefaultVnodesFile = "/etc/clues2/condor_vnodes.info";

    /// <summary><c>HTCONDOR_SERVER</c>, default <c>htcondoreserver</c>: only names the plugin in logs (<c>HTCONDOR_&lt;server&gt;</c>).</summary>
    public string Server { get; init; } = DefaultServer;

    /// <summary><c>HTCONDOR_STATUS_COMMAND</c> (new), default <c>condor_status -long</c>: the collector's startd ads
    /// (CLUES asked the collector through the Python bindings).</summary>
    public string StatusCommand { get; init; } = DefaultStatusCommand;

    /// <summary><c>HTCONDOR_Q_COMMAND</c> (new), default <c>condor_q -global -allusers -long</c>: the job ads of every schedd.</summary>
    public string QueueCommand { get; init; } = DefaultQueueCommand;

    /// <summary><c>HTCONDOR_VNODES_FILE</c> (new), default <c>/etc/clues2/condor_vnodes.info</c> (the path CLUES read):
    /// the worker nodes that may be powered on, one per line (<c>name [cpus [memory-MB]]</c>); those the collector does not list are OFF.</summary>
    public string VnodesFile { get; init; } = DefaultVnodesFile;

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of each command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private static readonly ConfigKey<string> ServerSetting = ConfigKey.String(ServerKey, DefaultServer, "names the plugin in logs (HTCONDOR_<server>)");
    private static readonly ConfigKey<string> StatusSetting = Command(StatusCommandKey, DefaultStatusCommand,
        "prints the startd ClassAds (old or new text form); -pool host asks another collector");
    private static readonly ConfigKey<string> QueueSetting = Command(QueueCommandKey, DefaultQueueCommand,
        "prints the job ClassAds of every schedd (old or new text form)");
    private static readonly ConfigKey<string> VnodesSetting = ConfigKey.String(VnodesFileKey, DefaultVnodesFile,
        "worker nodes that may be powered on, one per line: name [cpus [memory-MB]]; those the collector does not list are reported OFF; empty = none");

    /// <summary>The declared <c>[HTCONDOR]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.condor: nodes from the collector's startd ads (condor_status), jobs from the schedds (condor_q), powered-off nodes from a file.",
        [ServerSetting, StatusSetting, QueueSetting, VnodesSetting]);

    public static CondorLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new CondorLrmsOptions
        {
            Server = ServerSetting.Read(config, Section),
            StatusCommand = StatusSetting.Read(config, Section),
            QueueCommand = QueueSetting.Read(config, Section),
            VnodesFile = VnodesSetting.Read(config, Section).Trim(),
            CommandTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static ConfigKey<string> Command(string key, string defaultValue, string what) =>
        ConfigKey.String(key, defaultValue, what, validate: v => v.Trim().Length == 0 ? "a command (such as " + defaultValue + ")" : null);
}
