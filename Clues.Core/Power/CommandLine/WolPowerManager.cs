using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// <c>cluesplugins.wol</c>: power commands from <c>[WOL]</c>, <c>%%a</c> being the node's MAC address from the
/// hosts file (spec plugins §2.10), for example <c>/sbin/ether-wake %%a</c> and <c>ssh %%h poweroff</c>.
/// </summary>
/// <remarks>
/// Keys: <c>WOL_CMDLINE_POWON</c>, <c>WOL_CMDLINE_POWOFF</c> (mandatory: no default), <c>WOL_HOSTS_FILE</c> (default
/// <c>wol.hosts</c>). FIX (spec core §14 Q17): a missing hosts file no longer exits the process (nor hits CLUES'
/// NameError); each action fails and says why.
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<WolPowerManager>]
internal sealed class WolPowerManager(CluesConfig config, ILogger<WolPowerManager> logger, TimeProvider timeProvider)
    : CommandLinePowerManager(CommandLinePowerOptions.Read(config, Keys), logger, timeProvider), IConfigSectionOwner
{
    public const string PluginName = "cluesplugins.wol";
    public const string Section = "WOL";
    public const string DefaultHostsFile = "wol.hosts";

    internal static readonly CommandLinePowerKeys Keys = new(Section, Section, DefaultHostsFile);

    /// <summary>The declared section keys (the plugin reads through them; <c>clues-host check</c> checks them).</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section, "cluesplugins.wol: powers nodes on with Wake-on-LAN (%%a = MAC address) and off with a command.", Keys.All);
}
