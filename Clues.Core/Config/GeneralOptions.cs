namespace Clues.Core.Config;

/// <summary>clues2.cfg <c>[general]</c>.</summary>
public sealed class GeneralOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "general";

    /// <summary><c>CONFIG_DIR</c>, default empty: sub-directory of each config dir whose <c>*.cfg</c> are read too.</summary>
    public string ConfigDir { get; set; } = "";
    /// <summary><c>LOGGER_MARK</c>, default 1800: seconds between "still alive" log lines.</summary>
    public double LoggerMark { get; set; } = 1800;
    /// <summary><c>DB_CONNECTION_STRING</c>, default <c>sqlite:///var/lib/clues2/clues.db</c>; empty = in memory.</summary>
    public string DbConnectionString { get; set; } = "sqlite:///var/lib/clues2/clues.db";
    /// <summary>
    /// <c>DB_PENDING_WRITES_FILE</c>, default <c>/var/lib/clues2/pending-writes.jsonl</c>: where writes the database
    /// never received are saved at stop (owner-only), to be re-applied first at the next start; empty = not saved.
    /// </summary>
    public string PendingWritesFile { get; set; } = "/var/lib/clues2/pending-writes.jsonl";
    /// <summary><c>DISABLED_HOSTS</c>, default empty: space-separated nodes CLUES must never power on or off.</summary>
    public string DisabledHosts { get; set; } = "";
    /// <summary><c>TIMEOUT_COMMANDS</c>, default 10: timeout of power commands and plugin calls, seconds.</summary>
    public double TimeoutCommands { get; set; } = 10;
    /// <summary><c>CLUES_SECRET_TOKEN</c>, default empty: shared secret of the remote API.</summary>
    public string SecretToken { get; set; } = "";
    /// <summary><c>CLUES_PORT</c>, default 8000.</summary>
    public int Port { get; set; } = 8000;
    /// <summary><c>CLUES_HOST</c>, default <c>localhost</c>; empty = all interfaces.</summary>
    public string Host { get; set; } = "localhost";
    /// <summary><c>LOG_FILE</c>, default empty = standard error.</summary>
    public string LogFile { get; set; } = "";
    /// <summary><c>LOG_LEVEL</c>, default debug: debug, info, warning or error.</summary>
    public string LogLevel { get; set; } = "debug";
    /// <summary><c>LRMS_CLASS</c>: the LRMS plugin (mandatory), for example <c>cluesplugins.slurm</c>.</summary>
    public string LrmsClass { get; set; } = "";
    /// <summary><c>POWERMANAGER_CLASS</c>: the power manager plugin; empty = none (every power action fails).</summary>
    public string PowerManagerClass { get; set; } = "";
    /// <summary><c>PATH_REPORTS_WEB</c>, default empty: folder served under <c>/reports</c>.</summary>
    public string PathReportsWeb { get; set; } = "";
    /// <summary>
    /// <c>DRY_RUN</c>, default false (also <c>clues-host run --dry-run</c>): monitor, schedule, explain and log as
    /// usual, but run no power command and no power hook; each decision is logged as "would power on/off".
    /// </summary>
    public bool DryRun { get; set; }
    /// <summary><c>PLUGIN_DIR</c>, default <c>/etc/clues2/plugins</c>: folder of third-party plugin assemblies.</summary>
    public string PluginDir { get; set; } = "/etc/clues2/plugins";

    /// <summary>The scheme of the only database connection string accepted: <c>sqlite://&lt;path&gt;</c>.</summary>
    public const string SqlitePrefix = "sqlite://";

    /// <summary>
    /// The database file of <see cref="DbConnectionString"/> (<c>sqlite:///var/lib/clues2/clues.db</c> →
    /// <c>/var/lib/clues2/clues.db</c>), or null when the string is empty or not a sqlite one.
    /// </summary>
    public string? SqliteDatabasePath =>
        DbConnectionString.StartsWith(SqlitePrefix, StringComparison.Ordinal) && DbConnectionString.Length > SqlitePrefix.Length
            ? DbConnectionString[SqlitePrefix.Length..]
            : null;

    /// <summary>The names in <see cref="DisabledHosts"/>.</summary>
    public IReadOnlyList<string> DisabledHostList =>
        DisabledHosts.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static GeneralOptions Bind(CluesConfig config)
    {
        var d = new GeneralOptions();
        return new GeneralOptions
        {
            ConfigDir = config.GetString(Section, "CONFIG_DIR", d.ConfigDir),
            LoggerMark = config.GetDouble(Section, "LOGGER_MARK", d.LoggerMark),
            DbConnectionString = config.GetString(Section, "DB_CONNECTION_STRING", d.DbConnectionString),
            PendingWritesFile = config.GetString(Section, "DB_PENDING_WRITES_FILE", d.PendingWritesFile),
            DisabledHosts = config.GetString(Section, "DISABLED_HOSTS", d.DisabledHosts),
            TimeoutCommands = config.GetDouble(Section, "TIMEOUT_COMMANDS", d.TimeoutCommands),
            SecretToken = config.GetString(Section, "CLUES_SECRET_TOKEN", d.SecretToken),
            Port = config.GetInt(Section, "CLUES_PORT", d.Port),
            Host = config.GetString(Section, "CLUES_HOST", d.Host),
            LogFile = config.GetString(Section, "LOG_FILE", d.LogFile),
            LogLevel = config.GetString(Section, "LOG_LEVEL", d.LogLevel),
            LrmsClass = config.GetString(Section, "LRMS_CLASS", d.LrmsClass),
            PowerManagerClass = config.GetString(Section, "POWERMANAGER_CLASS", d.PowerManagerClass),
            PathReportsWeb = config.GetString(Section, "PATH_REPORTS_WEB", d.PathReportsWeb),
            PluginDir = config.GetString(Section, "PLUGIN_DIR", d.PluginDir),
            DryRun = config.GetBool(Section, "DRY_RUN", d.DryRun),
        };
    }
}
