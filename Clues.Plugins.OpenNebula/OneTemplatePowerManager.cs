using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Plugins;
using Clues.Plugins.OpenNebula.Api;
using Microsoft.Extensions.Logging;

namespace Clues.Plugins.OpenNebula;

/// <summary>
/// <c>cluesplugins.onetemplate</c> as power manager: like <c>cluesplugins.one</c>, but a VM is created by
/// instantiating the registered template <c>ONE_VIRTUAL_CLUSTER_TEMPLATE_ID</c> (spec plugins §2.13).
/// </summary>
/// <remarks>
/// OpenNebula picks the VM's IP, so the node powered on is the one whose IP the VM got, which may not be the node
/// asked for; that is also why a node that already has a VM is not refused (only warned about).
/// </remarks>
[CluesPlugin(OneLrmsPlugin.TemplatePluginName)]
internal sealed class OneTemplatePowerManager : OneVirtualClusterPowerManager
{
    /// <summary>Creates the power manager from <c>[ONE VIRTUAL CLUSTER]</c>.</summary>
    public OneTemplatePowerManager(CluesConfig config, ILogger<OneTemplatePowerManager> logger, TimeProvider timeProvider)
        : base(config, logger, timeProvider, needsTemplate: false)
    {
    }

    internal OneTemplatePowerManager(OneVirtualClusterOptions options, OneClient one, ILogger logger, TimeProvider timeProvider)
        : base(options, one, logger, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override bool RefuseNodeWithVm => false;

    /// <summary>Instantiates the template named by id or name (CLUES matched either in the template pool).</summary>
    protected override async Task<long> CreateVmAsync(string node, string ip, CancellationToken cancellationToken)
    {
        var templates = await One.GetTemplatesAsync(cancellationToken).ConfigureAwait(false);
        var wanted = Options.TemplateId;
        var template = templates.FirstOrDefault(t => t.Id.ToString(CultureInfo.InvariantCulture) == wanted || t.Name == wanted)
            ?? throw new OneApiException($"the user has no template '{wanted}' ([{OneVirtualClusterOptions.Section}] {OneVirtualClusterOptions.Prefix}_TEMPLATE_ID); templates visible: "
                + (templates.Count == 0 ? "none" : string.Join(", ", templates.Take(10).Select(t => $"{t.Id} ({t.Name})"))));
        return await One.InstantiateTemplateAsync(template.Id, cancellationToken).ConfigureAwait(false);
    }
}
