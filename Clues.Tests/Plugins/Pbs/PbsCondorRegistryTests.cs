using Clues.Core.Plugins;
using Clues.Plugins.Condor;
using Clues.Plugins.Pbs;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>CLUES' module names select the PBS and HTCondor plugins built in next to the program.</summary>
[TestFixture]
public sealed class PbsCondorRegistryTests
{
    [TestCase("cluesplugins.pbs", typeof(PbsLrmsPlugin))]
    [TestCase("cluesplugins.condor", typeof(CondorLrmsPlugin))]
    public void Registry_BuiltIn_FindsThePluginNextToTheProgram(string name, Type expected) =>
        Assert.That(PluginRegistry.Create(null).Resolve(PluginKind.Lrms, name, out var error), Is.EqualTo(expected), error);
}
