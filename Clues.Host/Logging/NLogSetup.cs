using NLog;
using NLog.Config;
using NLog.Targets;

namespace Clues.Host.Logging;

/// <summary>Configures NLog from <c>[general] LOG_FILE</c> and <c>LOG_LEVEL</c> (CLUES' keys).</summary>
internal static class NLogSetup
{
    /// <summary>
    /// Logs to <paramref name="logFile"/> (empty = standard error) at <paramref name="level"/> (debug, info,
    /// warning, error; anything else = debug, as CLUES). FIX (spec §14 Q22): warnings are logged as warnings.
    /// </summary>
    public static LoggingConfiguration Build(string logFile, string level)
    {
        var config = new LoggingConfiguration();
        // CLUES' format: name;level;time;message
        const string layout = "${logger:shortName=true};${level:uppercase=true};${longdate};${message}${onexception:${newline}${exception:format=tostring}}";
        Target target = string.IsNullOrWhiteSpace(logFile)
            ? new ConsoleTarget("stderr") { Layout = layout, StdErr = true }
            : new FileTarget("file") { FileName = logFile, Layout = layout, KeepFileOpen = true };
        // The web server logs every request at Info; only its warnings belong in the daemon's log.
        config.AddRule(NLog.LogLevel.Warn, NLog.LogLevel.Fatal, target, "Microsoft.*", final: true);
        config.AddRule(NLog.LogLevel.Trace, NLog.LogLevel.Info, new NullTarget("quiet"), "Microsoft.*", final: true);
        config.AddRule(ToLevel(level), NLog.LogLevel.Fatal, target);
        return config;
    }

    private static NLog.LogLevel ToLevel(string level) => level.Trim().ToLowerInvariant() switch
    {
        "info" => NLog.LogLevel.Info,
        "warning" => NLog.LogLevel.Warn,
        "error" => NLog.LogLevel.Error,
        _ => NLog.LogLevel.Debug,
    };
}
