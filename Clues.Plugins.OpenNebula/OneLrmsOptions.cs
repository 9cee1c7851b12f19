using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.Plugins.OpenNebula;

/// <summary><c>[ONE LRMS]</c>: where the OpenNebula whose hosts are CLUES' nodes is (CLUES' keys and defaults).</summary>
internal sealed class OneLrmsOptions : IConfigSectionOwner
{
    public const string Section = "ONE LRMS";

    internal static readonly OneConnectionKeys Keys = new(Section, "ONE", 180);

    /// <summary>The declared <c>[ONE LRMS]</c> keys.</summary>
    public static ConfigSectionSchema ConfigSection { get; } = new(Section,
        "cluesplugins.one and cluesplugins.onetemplate as LRMS: OpenNebula's hosts are the nodes, its VMs the jobs.", Keys.All);

    public static OneConnection Read(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Keys.Read(config);
    }
}
