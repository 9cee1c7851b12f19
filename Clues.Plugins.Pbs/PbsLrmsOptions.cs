using Clues.Core.Config;
using Clues.Core.Config.Schema;

namespace Clues.Plugins.Pbs;

/// <summary><c>[PBS]</c>: the Torque/PBS LRMS plugin's settings (CLUES' keys and defaults, plus the offline key).</summary>
internal sealed record PbsLrmsOptions : IConfigSectionOwner
{
    public const string Section = "PBS";
    public const string ServerKey = "PBS_SERVER";
    public const string QstatCommandKey = "PBS_QSTAT_COMMAND";
    public const string PbsnodesCommandKey = "PBS_PBSNODES_COMMAND";
    public const string OfflineKey = "PBS_OFFLINE_BEFORE_POWEROFF";

    public const string DefaultServer = "localhost";
    public const string DefaultQstatCommand = "/usr/bin/qstat";
    public const string DefaultPbsnodesCommand = "/usr/bin/pbsnodes";

    /// <summary>What CLUES writes as the note of a node it sets offline, so that it clears only its own.</summary>
    public const string OfflineNote = "clues_power_off";

    /// <summary><c>PBS_SERVER</c>, default <c>localhost</c>: the Torque server every command asks (<c>@server</c>, <c>-s server</c>).</summary>
    public string Server { get; init; } = DefaultServer;

    /// <summary><c>PBS_QSTAT_COMMAND</c>, default <c>/usr/bin/qstat</c>: qstat, possibly behind a prefix (<c>ssh head qstat</c>).</summary>
    public string QstatCommand { get; init; } = DefaultQstatCommand;

    /// <summary><c>PBS_PBSNODES_COMMAND</c>, default <c>/usr/bin/pbsnodes</c>: pbsnodes, possibly behind a prefix.</summary>
    public string PbsnodesCommand { get; init; } = DefaultPbsnodesCommand;

    /// <summary>
    /// <c>PBS_OFFLINE_BEFORE_POWEROFF</c> (new), default true: before CLUES powers a node off, mark it offline in Torque
    /// (<c>pbsnodes -o</c>), check that no job landed there and refuse the power-off (clearing the mark) if one did;
    /// after a power-on, clear the mark (<c>pbsnodes -c</c>). False: CLUES 2.3's behaviour.
    /// </summary>
    public bool OfflineBeforePowerOff { get; init; } = true;

    /// <summary><c>[general] TIMEOUT_COMMANDS</c>: the limit of each command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private static readonly ConfigKey<string> ServerSetting = ConfigKey.String(ServerKey, DefaultServer,
        "the Torque server the commands ask (qstat @server, pbsnodes -s server)", validate: ValidServer);
    private static readonly ConfigKey<string> QstatSetting = Command(QstatCommandKey, DefaultQstatCommand,
        "qstat (run as qstat -Qf @server for the queues and qstat -x @server for the jobs); a prefix such as ssh head qstat works");
    private static readonly ConfigKey<string> PbsnodesSetting = Command(PbsnodesCommandKey, DefaultPbsnodesCommand,
        "pbsnodes (run as pbsnodes -x -s server for the nodes, -o/-c to set a node offline and clear it)");
    private static readonly ConfigKey<bool> OfflineSetting = ConfigKey.Bool(OfflineKey, true,
        "set a node offline before it is powered off (refusing while a job runs there) and clear it after a power-on");

    /// <summary>The declared <c>[PBS]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.pbs: nodes from pbsnodes -x, queues and jobs from qstat; nodes set offline before a power-off and cleared after a power-on.",
        [ServerSetting, QstatSetting, PbsnodesSetting, OfflineSetting]);

    public static PbsLrmsOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var timeout = config.GetDouble(GeneralOptions.Section, "TIMEOUT_COMMANDS", new GeneralOptions().TimeoutCommands);
        return new PbsLrmsOptions
        {
            Server = ServerSetting.Read(config, Section),
            QstatCommand = QstatSetting.Read(config, Section),
            PbsnodesCommand = PbsnodesSetting.Read(config, Section),
            OfflineBeforePowerOff = OfflineSetting.Read(config, Section),
            CommandTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : Timeout.InfiniteTimeSpan,
        };
    }

    private static string? ValidServer(string value) =>
        value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "a host name (such as torque-head), without spaces" : null;

    private static ConfigKey<string> Command(string key, string defaultValue, string what) =>
        ConfigKey.String(key, defaultValue, what, validate: v => v.Trim().Length == 0 ? "a command (such as " + defaultValue + ")" : null);
}
