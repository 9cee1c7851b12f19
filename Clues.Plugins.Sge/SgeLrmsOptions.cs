using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.Sge;

/// <summary><c>[SGE]</c>: the Grid Engine LRMS plugin's settings (CLUES' keys and defaults, plus the queue-disabling keys).</summary>
/// <remarks>The commands are shell command lines to which the plugin appends the arguments, so a prefix such as
/// <c>ssh master qhost</c> works (CLUES ran a single program path).</remarks>
internal sealed record SgeLrmsOptions : IConfigSectionOwner
{
    public const string Section = "SGE";
    public const string QhostCommandKey = "SGE_QHOST_COMMAND";
    public const string QconfCommandKey = "SGE_QCONF_COMMAND";
    public const string QstatCommandKey = "SGE_QSTAT_COMMAND";
    public const string QmodCommandKey = "SGE_QMOD_COMMAND";
    public const string SgeRootKey = "SGE_ROOT";
    public const string DefaultQueueKey = "SGE_DEFAULT_QUEUE";
    public const string TimeoutKey = "SGE_TIMEOUT_COMMANDS";
    public const string DisableKey = "SGE_DISABLE_BEFORE_POWEROFF";

    public const string DefaultQhostCommand = "/usr/bin/qhost";
    public const string DefaultQconfCommand = "/usr/bin/qconf";
    public const string DefaultQstatCommand = "/usr/bin/qstat";
    public const string DefaultQmodCommand = "/usr/bin/qmod";
    public const string DefaultSgeRoot = "/var/lib/gridengine";
    public const string DefaultDefaultQueue = "all.q";
    public const int DefaultTimeoutSeconds = 10;

    /// <summary><c>SGE_QHOST_COMMAND</c>, default <c>/usr/bin/qhost</c>; run as <c>qhost -xml -q</c>.</summary>
    public string QhostCommand { get; init; } = DefaultQhostCommand;

    /// <summary><c>SGE_QCONF_COMMAND</c>, default <c>/usr/bin/qconf</c>: host groups and parallel environments.</summary>
    public string QconfCommand { get; init; } = DefaultQconfCommand;

    /// <summary><c>SGE_QSTAT_COMMAND</c>, default <c>/usr/bin/qstat</c>; run as <c>qstat -r -xml -u '*'</c>.</summary>
    public string QstatCommand { get; init; } = DefaultQstatCommand;

    /// <summary><c>SGE_QMOD_COMMAND</c> (new), default <c>/usr/bin/qmod</c>: disables a host's queues before a power-off
    /// and enables them after a power-on.</summary>
    public string QmodCommand { get; init; } = DefaultQmodCommand;

    /// <summary><c>SGE_ROOT</c>, default <c>/var/lib/gridengine</c>: given to the commands when the environment has no
    /// <c>SGE_ROOT</c> (KEEP: the environment's value wins).</summary>
    public string SgeRoot { get; init; } = DefaultSgeRoot;

    /// <summary><c>SGE_DEFAULT_QUEUE</c>, default <c>all.q</c>: the queue of a job that names none; empty = any queue.</summary>
    public string DefaultQueue { get; init; } = DefaultDefaultQueue;

    /// <summary><c>SGE_TIMEOUT_COMMANDS</c>, default 10 s: the limit of each command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>
    /// <c>SGE_DISABLE_BEFORE_POWEROFF</c> (new), default true: before CLUES powers a host off, disable its queue
    /// instances (<c>qmod -d '*@host'</c>), check that no job runs there and refuse the power-off (enabling them again)
    /// if one does; after a power-on, enable them (<c>qmod -e '*@host'</c>). False: CLUES 2.3's behaviour, where
    /// Grid Engine may still start a job on a host being powered off.
    /// </summary>
    public bool DisableBeforePowerOff { get; init; } = true;

    /// <summary>The environment of the commands: <c>SGE_ROOT</c> when the process has none.</summary>
    public IReadOnlyDictionary<string, string?> CommandEnvironment(string? processSgeRoot) =>
        string.IsNullOrEmpty(processSgeRoot) && SgeRoot.Length > 0
            ? new Dictionary<string, string?> { ["SGE_ROOT"] = SgeRoot }
            : new Dictionary<string, string?>();

    private static readonly ConfigKey<string> QhostSetting = Command(QhostCommandKey, DefaultQhostCommand, "the host listing, run as '<command> -xml -q'");
    private static readonly ConfigKey<string> QconfSetting = Command(QconfCommandKey, DefaultQconfCommand,
        "reads host groups (-shgrpl, -shgrp_resolved) and parallel environments (-sp)");
    private static readonly ConfigKey<string> QstatSetting = Command(QstatCommandKey, DefaultQstatCommand, "the job listing, run as '<command> -r -xml -u *'");
    private static readonly ConfigKey<string> QmodSetting = Command(QmodCommandKey, DefaultQmodCommand,
        "disables (-d) a host's queues before a power-off and enables (-e) them after a power-on");
    private static readonly ConfigKey<string> SgeRootSetting = ConfigKey.String(SgeRootKey, DefaultSgeRoot,
        "SGE_ROOT given to the commands when the environment has none");
    private static readonly ConfigKey<string> DefaultQueueSetting = ConfigKey.String(DefaultQueueKey, DefaultDefaultQueue,
        "the queue of a job that names none; empty = any queue", validate: v => v.Length == 0 || SgeNames.IsPlain(v) ? null : "a queue name (such as all.q) or empty");
    private static readonly ConfigKey<int> TimeoutSetting = ConfigKey.Int(TimeoutKey, DefaultTimeoutSeconds, "seconds each command may run",
        validate: v => v is > 0 and <= 3600 ? null : "a number of seconds from 1 to 3600");
    private static readonly ConfigKey<bool> DisableSetting = ConfigKey.Bool(DisableKey, true,
        "disable a host's queues before it is powered off (refusing while a job runs there) and enable them after a power-on");

    /// <summary>The declared <c>[SGE]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.sge: hosts from qhost -xml, jobs from qstat -xml; queues disabled before a power-off and enabled after a power-on.",
        [QhostSetting, QconfSetting, QstatSetting, QmodSetting, SgeRootSetting, DefaultQueueSetting, TimeoutSetting, DisableSetting]);

    public static SgeLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SgeLrmsOptions
        {
            QhostCommand = QhostSetting.Read(config, Section),
            QconfCommand = QconfSetting.Read(config, Section),
            QstatCommand = QstatSetting.Read(config, Section),
            QmodCommand = QmodSetting.Read(config, Section),
            SgeRoot = SgeRootSetting.Read(config, Section),
            DefaultQueue = DefaultQueueSetting.Read(config, Section),
            CommandTimeout = TimeSpan.FromSeconds(TimeoutSetting.Read(config, Section)),
            DisableBeforePowerOff = DisableSetting.Read(config, Section),
        };
    }

    private static ConfigKey<string> Command(string key, string defaultValue, string what) =>
        ConfigKey.String(key, defaultValue, what, validate: v => v.Length == 0 ? "a command line (such as " + defaultValue + ")" : null);
}
