using Clues.Core.Config;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// <c>cluesplugins.commandline</c>: any power command from <c>[COMMANDLINE]</c>; a one-word output names the node
/// really switched (spec plugins §3).
/// </summary>
/// <remarks>
/// Keys: <c>COMMANDLINE_CMDLINE_POWON</c>, <c>COMMANDLINE_CMDLINE_POWOFF</c> (default empty),
/// <c>COMMANDLINE_HOSTS_FILE</c> (default <c>commandline.hosts</c>; KEEP: every node must be listed, even when only
/// <c>%%h</c> is used, because CLUES always looks the address up).
/// </remarks>
[CluesPlugin(PluginName)]
internal sealed class GenericCommandLinePowerManager(CluesConfig config, ILogger<GenericCommandLinePowerManager> logger, TimeProvider timeProvider)
    : CommandLinePowerManager(ReadOptions(config), logger, timeProvider)
{
    public const string PluginName = "cluesplugins.commandline";
    public const string Section = "COMMANDLINE";
    public const string DefaultHostsFile = "commandline.hosts";

    private static CommandLinePowerOptions ReadOptions(CluesConfig config) =>
        CommandLinePowerOptions.Read(config, Section, Section, DefaultHostsFile) with { NodeNameFromOutput = true };
}
