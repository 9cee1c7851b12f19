namespace Clues.Core.Config;

/// <summary>clues2.cfg <c>[hooks]</c>: external commands run at node and request events (spec §7).</summary>
public sealed class HooksOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "hooks";

    /// <summary>Every hook key, in the order CLUES documents them.</summary>
    public static readonly IReadOnlyList<string> HookNames =
    [
        "PRE_POWERON", "POST_POWERON", "PRE_POWEROFF", "POST_POWEROFF", "POWEREDON", "POWEREDOFF",
        "UNEXPECTED_POWERON", "UNEXPECTED_POWEROFF", "ONERR", "OFFERR", "UNKNOWN", "IDLE", "USED", "REQUEST",
        "QUARANTINE",
    ];

    /// <summary><c>TIMEOUT_COMMAND</c>, default 180: hook timeout in seconds; 0 = none (negative values are rejected by validation).</summary>
    public int TimeoutCommand { get; set; } = 180;
    /// <summary><c>WORKING_FOLDER</c>, default empty = current directory: where relative hook paths point.</summary>
    public string WorkingFolder { get; set; } = "";
    /// <summary>Hook key → command; absent or empty = disabled.</summary>
    public IReadOnlyDictionary<string, string> Commands { get; set; } = new Dictionary<string, string>();

    /// <summary>Reads the section; problems are collected in <see cref="CluesConfig.Errors"/>.</summary>
    public static HooksOptions Bind(CluesConfig config)
    {
        var commands = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in HookNames)
        {
            var command = config.GetString(Section, name, "");
            if (command.Length > 0)
            {
                commands[name] = command;
            }
        }
        return new HooksOptions
        {
            TimeoutCommand = config.GetInt(Section, "TIMEOUT_COMMAND", 180),
            WorkingFolder = config.GetString(Section, "WORKING_FOLDER", ""),
            Commands = commands,
        };
    }
}
