using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// <c>cluesplugins.ipmi</c>: power commands from <c>[IPMI]</c>, <c>%%a</c> being the node's BMC address from the
/// hosts file (spec plugins §2.9), for example <c>/usr/bin/ipmitool -I lan -H %%a -P "" power on</c>.
/// </summary>
/// <remarks>
/// Keys: <c>IPMI_CMDLINE_POWON</c>, <c>IPMI_CMDLINE_POWOFF</c> (mandatory: no default), <c>IPMI_HOSTS_FILE</c> (default
/// <c>ipmi.hosts</c>). FIX (spec core §14 Q17): a missing hosts file no longer exits the process; each action fails
/// and says why.
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<IpmiPowerManager>]
internal sealed class IpmiPowerManager(CluesConfig config, ILogger<IpmiPowerManager> logger, TimeProvider timeProvider)
    : CommandLinePowerManager(CommandLinePowerOptions.Read(config, Keys), logger, timeProvider), IConfigSectionOwner
{
    public const string PluginName = "cluesplugins.ipmi";
    public const string Section = "IPMI";
    public const string DefaultHostsFile = "ipmi.hosts";

    internal static readonly CommandLinePowerKeys Keys = new(Section, Section, DefaultHostsFile);

    /// <summary>The declared section keys (the plugin reads through them; <c>clues-host check</c> checks them).</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section, "cluesplugins.ipmi: switches nodes through their BMC (IPMI), for example with ipmitool.", Keys.All);
}
