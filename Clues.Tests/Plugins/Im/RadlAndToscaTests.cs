using Clues.Plugins.Im.Radl;
using Clues.Plugins.Im.Tosca;
using Clues.Tests.Common;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Im;

/// <summary>The RADL reader and the two node composers, on IM's documented RADL and CLUES' tosca.yml, and on hostile input.</summary>
[TestFixture]
public sealed class RadlAndToscaTests
{
    private static readonly Dictionary<string, GoldenImage> NoImages = [];

    // An EC3 cluster's RADL in IM's documented syntax (grycap/im doc/source/radl.rst).
    private const string Cluster = """
        network public ( outbound = 'yes' )
        network private ( )
        system front (
            cpu.count >= 2 and
            memory.size >= 2048m and
            net_interface.0.connection = 'public' and
            disk.0.os.name = 'linux' and
            disk.0.applications contains ( name = 'ansible.modules.grycap.slurm' and version >= '1.0' )
        )
        system wn (
            cpu.count >= 1 and
            ec3_max_instances = 2 and
            ec3_if_fail = 'wn_big' and
            net_interface.0.dns_name = 'vnode-#N#' and
            disk.0.image.url = 'one://server/12' and
            soft 10 ( memory.size >= 4g )
        )
        system wn_big ( cpu.count >= 4 and ec3_max_instances = 1 and ec3_if_fail = 'wn' )
        system gpu ( ec3_node_pattern = 'gpu-[0-9]+' and gpu.count >= 1 )
        configure front (
        @begin
        - tasks: [ { debug: { msg: "front (a) # not a comment" } } ]
        @end
        )
        configure wn (
        @begin
        - roles: [ { role: grycap.slurm } ]
        @end
        )
        contextualize 1200 (
            system front configure front step 1
            system wn configure wn step 2 with Ansible
        )
        deploy front 1 one
        """;

    [Test]
    public void Parse_DocumentedSyntax_ReadsEverySection()
    {
        var radl = RadlParser.Parse(Cluster);

        Assert.That(radl.Networks.Select(n => n.Id), Is.EqualTo(new[] { "public", "private" }));
        Assert.That(radl.Systems.Select(s => s.Name), Is.EqualTo(new[] { "front", "wn", "wn_big", "gpu" }));
        var wn = radl.System("wn")!;
        Assert.That(wn.GetNumber("ec3_max_instances", -1), Is.EqualTo(2));
        Assert.That(wn.GetString("net_interface.0.dns_name"), Is.EqualTo("vnode-#N#"));
        Assert.That(radl.Configures.Select(c => c.Name), Is.EqualTo(new[] { "front", "wn" }));
        Assert.That(radl.Configures[0].Body, Does.Contain("# not a comment"));
        Assert.That(radl.ContextualizeItems, Is.EqualTo(new[] { new RadlContextualizeItem("front", "front", 1), new RadlContextualizeItem("wn", "wn", 2) }));
        Assert.That(radl.Deploys, Is.EqualTo(new[] { new RadlDeploy("front", 1) }));
    }

    [Test]
    public void Compose_WrittenRadlReadsBack_WithTheNodesSystemAndContextualization()
    {
        var text = RadlNodeComposer.Compose(RadlParser.Parse(Cluster), new Dictionary<string, int>(), NoImages, "vnode-3");
        var radl = RadlParser.Parse(text);

        var system = radl.Systems.Single();
        Assert.That(system.Name, Is.EqualTo("vnode-3"));
        Assert.That(system.GetValue("net_interface.0.dns_name"), Is.EqualTo("vnode-3"));
        Assert.That(system.GetValue("ec3_class"), Is.EqualTo("wn"));
        Assert.That(system.Features.Select(f => f.Key), Does.Contain("soft"), "features CLUES does not read are kept");
        Assert.That(radl.Configures.Select(c => c.Name), Is.EqualTo(new[] { "wn" }));
        Assert.That(radl.ContextualizeItems, Is.EqualTo(new[] { new RadlContextualizeItem("vnode-3", "wn", 2) }));
        Assert.That(radl.Networks.Select(n => n.Id), Is.EqualTo(new[] { "public", "private" }));
        Assert.That(radl.Deploys, Is.EqualTo(new[] { new RadlDeploy("vnode-3", 1) }));
    }

    [Test]
    public void ChooseSystem_PatternThenMaxInstancesThenIfFail()
    {
        var radl = RadlParser.Parse(Cluster);

        Assert.That(RadlNodeComposer.ChooseSystem(radl, new Dictionary<string, int>(), "gpu-12"), Is.EqualTo("gpu"));
        Assert.That(RadlNodeComposer.ChooseSystem(radl, new Dictionary<string, int>(), "xgpu-1"), Is.EqualTo("wn"), "the pattern is anchored at the start");
        Assert.That(RadlNodeComposer.ChooseSystem(radl, new Dictionary<string, int> { ["wn"] = 1 }, "vnode-2"), Is.EqualTo("wn"));
        Assert.That(RadlNodeComposer.ChooseSystem(radl, new Dictionary<string, int> { ["wn"] = 2 }, "vnode-3"), Is.EqualTo("wn_big"));
    }

    [Test]
    public void ChooseSystem_IfFailCycleAllFull_IsAnErrorNotAnEndlessLoop()
    {
        var radl = RadlParser.Parse(Cluster);
        var ex = Assert.Throws<InvalidOperationException>(() =>
            RadlNodeComposer.ChooseSystem(radl, new Dictionary<string, int> { ["wn"] = 2, ["wn_big"] = 1 }, "vnode-4"));
        Assert.That(ex!.Message, Does.Contain("cycle"));
    }

    [Test]
    public void Compose_WithoutContextualize_RenamesTheClassConfigure_AndUsesTheGoldenImage()
    {
        var radl = RadlParser.Parse("system wn ( disk.0.image.url = 'one://server/12' )\nconfigure wn (\n@begin\nx\n@end\n)");
        var images = new Dictionary<string, GoldenImage> { ["wn"] = new("one://server/99", "secret") };

        var composed = RadlParser.Parse(RadlNodeComposer.Compose(radl, new Dictionary<string, int>(), images, "vnode-1"));

        Assert.That(composed.Configures.Single().Name, Is.EqualTo("vnode-1"));
        Assert.That(composed.Systems[0].GetValue("disk.0.image.url"), Is.EqualTo("one://server/99"));
        Assert.That(composed.Systems[0].GetValue("disk.0.os.credentials.password"), Is.EqualTo("secret"));
    }

    [TestCase("system wn ( cpu.count >= 1 and", "expected a feature name")]
    [TestCase("system wn ( name = 'open", "not closed")]
    [TestCase("system wn ( a = 1 ) \u0000", "unexpected character")]
    [TestCase("configure wn ( @begin never ended", "@begin without @end")]
    [TestCase("deploy wn many", "number of VMs")]
    [TestCase("launch wn", "a section")]
    public void Parse_Malformed_IsAnErrorSayingWhatWasExpected(string text, string expected)
    {
        var ex = Assert.Throws<RadlFormatException>(() => RadlParser.Parse(text));
        Assert.That(ex!.Message, Does.Contain(expected).And.StartWith("RADL line"));
    }

    [Test]
    public void Parse_DeepNesting_IsRefused()
    {
        var deep = "system wn ( " + string.Concat(Enumerable.Repeat("a contains ( ", 10_000)) + "b = 1" + new string(')', 10_000) + " )";
        var ex = Assert.Throws<RadlFormatException>(() => RadlParser.Parse(deep));
        Assert.That(ex!.Message, Does.Contain("nested"));
    }

    [Test]
    public void Parse_LargeDocument_Succeeds()
    {
        // 20 000 systems of a few features each: one pass, no quadratic work.
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"system s{i} ( cpu.count >= 1 and name = 'x{i}' )\n"));
        Assert.That(RadlParser.Parse(text).Systems, Has.Count.EqualTo(20_000));
    }

    [Test]
    public void Tosca_CluesFixture_WorkerComputeGetsCountAndDnsName()
    {
        var template = File.ReadAllText(TestEnvironment.Fixture("clues-test-files", "tosca.yml"));

        var composed = ToscaNodeComposer.Compose(template, 1, "node-2");

        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(composed));
        var wn = yaml.Documents[0].RootNode["topology_template"]["node_templates"]["wn"];
        Assert.That(wn["capabilities"]["scalable"]["properties"]["count"].ToString(), Is.EqualTo("2"));
        Assert.That(wn["capabilities"]["endpoint"]["properties"]["dns_name"].ToString(), Is.EqualTo("node-2"));
        Assert.That(yaml.Documents[0].RootNode["topology_template"]["node_templates"]["front"]["capabilities"]["endpoint"]["properties"]["dns_name"].ToString(),
            Is.EqualTo("kubeserver"), "the rest of the template is unchanged");
    }

    [TestCase("a: &x [1, 2]\nb: *x\n", "alias")]
    [TestCase("- just a list\n", "one YAML mapping")]
    [TestCase("topology_template:\n  node_templates:\n    wn: { type: tosca.nodes.indigo.Compute }\n", "WorkerNode")]
    [TestCase("topology_template: {{{", "not valid YAML")]
    public void Tosca_Unusable_IsAFormatErrorSayingWhy(string template, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ToscaNodeComposer.Compose(template, 0, "n"));
        Assert.That(ex!.Message, Does.Contain(expected));
    }
}
