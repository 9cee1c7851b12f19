using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Power.CommandLine;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.Plugins.OpenNebula;

/// <summary>
/// <c>[ONE VIRTUAL CLUSTER]</c>: the power manager whose nodes are OpenNebula VMs (CLUES' keys and defaults).
/// </summary>
internal sealed record OneVirtualClusterOptions : IConfigSectionOwner
{
    public const string Section = "ONE VIRTUAL CLUSTER";
    public const string Prefix = "ONE_VIRTUAL_CLUSTER";

    internal static readonly OneConnectionKeys ConnectionKeys = new(Section, Prefix, 180);

    /// <summary>Endpoint, session and timeout.</summary>
    public required OneConnection Connection { get; init; }

    /// <summary><c>ONE_VIRTUAL_CLUSTER_HOSTS_FILE</c>: the <c>IP name</c> pairs the VMs may take, resolved like CLUES' config files.</summary>
    public string HostsFile { get; init; } = "virtualonecluster.hosts";

    /// <summary><c>ONE_VIRTUAL_CLUSTER_TEMPLATE</c>: the VM template text; <c>%%h</c>/<c>%h</c> = node name, <c>%%a</c>/<c>%a</c> = its IP.</summary>
    public string Template { get; init; } = "";

    /// <summary><c>ONE_VIRTUAL_CLUSTER_TEMPLATE_ID</c>: the registered template (id or name) cluesplugins.onetemplate instantiates.</summary>
    public string TemplateId { get; init; } = "1";

    /// <summary>
    /// <c>ONE_VIRTUAL_CLUSTER_DROP_FAILING_VMS</c>, seconds: a tracked VM whose node CLUES sees off for this long is
    /// shut down; 0 or less never.
    /// </summary>
    public double DropFailingVms { get; init; } = 120;

    /// <summary>
    /// <c>ONE_VIRTUAL_CLUSTER_FORGET_MISSING_VMS</c>, seconds: a tracked VM OpenNebula has not listed for this long is
    /// forgotten. KEEP: lowered to DROP + 1 when it is not below DROP.
    /// </summary>
    public double ForgetMissingVms { get; init; } = 30;

    /// <summary><c>ONE_VIRTUAL_CLUSTER_GUESS_VMS_TIME</c>, seconds: the least time between two scans of the VM list.</summary>
    public double GuessVmsTime { get; init; } = 30;

    private static readonly ConfigKey<string> HostsFileSetting = ConfigKey.String(Prefix + "_HOSTS_FILE", "virtualonecluster.hosts",
        "the 'IP name' pairs the VMs of the virtual cluster may take (/etc/hosts format); relative = looked up in CLUES' config folders");
    private static readonly ConfigKey<string> TemplateSetting = ConfigKey.String(Prefix + "_TEMPLATE", "",
        "cluesplugins.one: the VM template (OpenNebula syntax, indented continuation lines); %%h = node name, %%a = its IP");
    private static readonly ConfigKey<string> TemplateIdSetting = ConfigKey.String(Prefix + "_TEMPLATE_ID", "1",
        "cluesplugins.onetemplate: the registered template to instantiate, by id or name");
    private static readonly ConfigKey<int> DropSetting = ConfigKey.Int(Prefix + "_DROP_FAILING_VMS", 120,
        "seconds after which a VM CLUES started is shut down while its node is seen off; 0 or less = never");
    private static readonly ConfigKey<int> ForgetSetting = ConfigKey.Int(Prefix + "_FORGET_MISSING_VMS", 30,
        "seconds after which a VM OpenNebula no longer lists is forgotten (lowered to DROP + 1 when not below it)");
    private static readonly ConfigKey<int> GuessSetting = ConfigKey.Int(Prefix + "_GUESS_VMS_TIME", 30,
        "least seconds between two scans of OpenNebula's VM list (which adopt VMs started by hand)",
        validate: v => v >= 0 ? null : "a number of seconds, 0 or more");

    /// <summary>The declared <c>[ONE VIRTUAL CLUSTER]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.one and cluesplugins.onetemplate as power manager: each node is an OpenNebula VM with a fixed IP.",
        [.. ConnectionKeys.All, HostsFileSetting, TemplateSetting, TemplateIdSetting, DropSetting, ForgetSetting, GuessSetting]);

    public static OneVirtualClusterOptions Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var drop = DropSetting.Read(config, Section);
        var forget = ForgetSetting.Read(config, Section);
        return new OneVirtualClusterOptions
        {
            Connection = ConnectionKeys.Read(config),
            HostsFile = Clues.Core.Power.CommandLine.HostsFile.Resolve(HostsFileSetting.Read(config, Section).Trim(), CommandLinePowerOptions.CluesSearchDirectories),
            Template = TemplateSetting.Read(config, Section),
            TemplateId = TemplateIdSetting.Read(config, Section).Trim(),
            DropFailingVms = drop,
            ForgetMissingVms = ForgetFor(drop, forget),
            GuessVmsTime = GuessSetting.Read(config, Section),
        };
    }

    /// <summary>
    /// KEEP (spec plugins §2.12): a VM must be forgotten before it could be dropped again, so FORGET is lowered to
    /// DROP + 1 when it is not below DROP (with DROP disabled, -1, that is 0).
    /// </summary>
    public static double ForgetFor(double drop, double forget) => forget >= drop ? drop + 1 : forget;
}
