using Clues.Core.Config.Schema;

namespace Clues.Core.Power.CommandLine;

/// <summary>
/// The keys of a command-line power manager's section, <c>PREFIX_CMDLINE_POWON</c>, <c>PREFIX_CMDLINE_POWOFF</c> and
/// <c>PREFIX_HOSTS_FILE</c>: the scheme shared by ipmi, wol, commandline and dmachine.
/// </summary>
public sealed class CommandLinePowerKeys
{
    /// <summary>Declares the keys of <paramref name="section"/>.</summary>
    /// <param name="section">The section, for example <c>IPMI</c>.</param>
    /// <param name="prefix">The key prefix, for example <c>IPMI</c>.</param>
    /// <param name="defaultHostsFile">The hosts file used when the key is absent; empty = no hosts file.</param>
    /// <param name="defaultPowerOn">Default power-on template; empty = the key is mandatory.</param>
    /// <param name="defaultPowerOff">Default power-off template; empty = the key is mandatory.</param>
    public CommandLinePowerKeys(string section, string prefix, string defaultHostsFile, string defaultPowerOn = "", string defaultPowerOff = "")
    {
        Section = section;
        // Without a command every power action fails ("no command configured"): refuse to start instead.
        PowerOn = ConfigKey.String(prefix + "_CMDLINE_POWON", defaultPowerOn,
            "the command that powers a node on; %%h is replaced by the node name, %%a by its address from the hosts file",
            required: defaultPowerOn.Length == 0);
        PowerOff = ConfigKey.String(prefix + "_CMDLINE_POWOFF", defaultPowerOff,
            "the command that powers a node off; %%h and %%a as for power-on",
            required: defaultPowerOff.Length == 0);
        HostsFile = ConfigKey.String(prefix + "_HOSTS_FILE", defaultHostsFile,
            defaultHostsFile.Length == 0
                ? "a hosts file (address, then node names, per line) giving %%a; empty = %%a is the node name"
                : "the hosts file (address, then node names, per line) giving %%a; a node it does not list cannot be switched; a relative path is looked up in ./etc, ~/clues2/etc and /etc/clues2");
    }

    /// <summary>The section.</summary>
    public string Section { get; }

    /// <summary><c>PREFIX_CMDLINE_POWON</c>.</summary>
    public ConfigKey<string> PowerOn { get; }

    /// <summary><c>PREFIX_CMDLINE_POWOFF</c>.</summary>
    public ConfigKey<string> PowerOff { get; }

    /// <summary><c>PREFIX_HOSTS_FILE</c>.</summary>
    public ConfigKey<string> HostsFile { get; }

    /// <summary>The three keys, in documentation order.</summary>
    public IReadOnlyList<ConfigKey> All => [PowerOn, PowerOff, HostsFile];
}
