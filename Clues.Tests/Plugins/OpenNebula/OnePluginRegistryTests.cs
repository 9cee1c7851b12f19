using Clues.Core.Config;
using Clues.Core.Hosting;
using Clues.Core.Lrms;
using Clues.Core.Plugins;
using Clues.Core.Power;
using Clues.Plugins.OpenNebula;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Clues.Tests.Plugins.OpenNebula;

/// <summary>
/// One CLUES module name, two parts: <c>cluesplugins.one</c> (and <c>onetemplate</c>) selects the LRMS in
/// <c>LRMS_CLASS</c> and the power manager in <c>POWERMANAGER_CLASS</c>, because the registry keeps one table per kind.
/// </summary>
[TestFixture]
public sealed class OnePluginRegistryTests
{
    [TestCase("cluesplugins.one", typeof(OneVirtualClusterPowerManager))]
    [TestCase("cluesplugins.onetemplate", typeof(OneTemplatePowerManager))]
    public void OneModuleName_ResolvesToTheLrmsAndToThePowerManager(string name, Type powerManager)
    {
        var registry = new PluginRegistry([typeof(OneLrmsPlugin).Assembly]);

        Assert.That(registry.Resolve(PluginKind.Lrms, name, out var lrmsError), Is.EqualTo(typeof(OneLrmsPlugin)), lrmsError);
        Assert.That(registry.Resolve(PluginKind.PowerManager, name, out var pmError), Is.EqualTo(powerManager), pmError);
        Assert.That(registry.Resolve(PluginKind.Scheduler, name, out _), Is.Null);
    }

    [Test]
    public void HostWiring_BothClassesCluesPluginsOne_BuildsTheLrmsAndThePowerManager()
    {
        var config = new CluesConfig();
        config.Set(GeneralOptions.Section, "LRMS_CLASS", "cluesplugins.one");
        config.Set(GeneralOptions.Section, "POWERMANAGER_CLASS", "cluesplugins.one");
        config.Set(OneLrmsOptions.Section, "ONE_XMLRPC", "http://one-frontend:2633/RPC2");
        config.Set(OneVirtualClusterOptions.Section, "ONE_VIRTUAL_CLUSTER_TEMPLATE", "NAME=\"%%h\"");
        var registry = PluginRegistry.Create(null);
        Assert.That(PluginNameValidator.Validate(config, registry), Is.Empty);

        var services = new ServiceCollection().AddLogging();
        services.AddCluesDaemon(config, CluesOptions.Bind(config), registry);
        using var provider = services.BuildServiceProvider();

        var lrms = provider.GetRequiredService<ILrmsPlugin>();
        Assert.That(lrms, Is.TypeOf<OneLrmsPlugin>());
        Assert.That(lrms.Id, Is.EqualTo("ONE_http://one-frontend:2633/RPC2"));
        Assert.That(provider.GetRequiredService<IPowerManager>(), Is.TypeOf<OneVirtualClusterPowerManager>());
    }

    [Test]
    public void OnePowerManager_WithoutATemplate_IsAConfigurationErrorNamingTheKey_OneTemplateNeedsNone()
    {
        static CluesConfig Config()
        {
            var config = new CluesConfig();
            config.Set(OneVirtualClusterOptions.Section, "ONE_VIRTUAL_CLUSTER_DROP_FAILING_VMS", "-1");
            return config;
        }

        var ex = Assert.Throws<ConfigException>(() => _ = new OneVirtualClusterPowerManager(Config(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OneVirtualClusterPowerManager>.Instance, TimeProvider.System))!;
        using var template = new OneTemplatePowerManager(Config(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OneTemplatePowerManager>.Instance, TimeProvider.System);

        Assert.That(ex.Message, Does.Contain("ONE_VIRTUAL_CLUSTER_TEMPLATE").And.Contain("template of a worker VM"));
    }
}
