using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// <c>cluesplugins.commandline</c>: any power command from <c>[COMMANDLINE]</c>; a one-word output names the node
/// really switched (spec plugins §3).
/// </summary>
/// <remarks>
/// Keys: <c>COMMANDLINE_CMDLINE_POWON</c>, <c>COMMANDLINE_CMDLINE_POWOFF</c> (mandatory: no default),
/// <c>COMMANDLINE_HOSTS_FILE</c> (default <c>commandline.hosts</c>; KEEP: every node must be listed, even when only
/// <c>%%h</c> is used, because CLUES always looks the address up).
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<GenericCommandLinePowerManager>]
internal sealed class GenericCommandLinePowerManager(CluesConfig config, ILogger<GenericCommandLinePowerManager> logger, TimeProvider timeProvider)
    : CommandLinePowerManager(ReadOptions(config), logger, timeProvider), IConfigSectionOwner
{
    public const string PluginName = "cluesplugins.commandline";
    public const string Section = "COMMANDLINE";
    public const string DefaultHostsFile = "commandline.hosts";

    internal static readonly CommandLinePowerKeys Keys = new(Section, Section, DefaultHostsFile);

    /// <summary>The declared <c>[COMMANDLINE]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.commandline: runs any command to power a node on or off; a one-word output names the node really switched.", Keys.All);

    private static CommandLinePowerOptions ReadOptions(CluesConfig config) =>
        CommandLinePowerOptions.Read(config, Keys) with { NodeNameFromOutput = true };
}
