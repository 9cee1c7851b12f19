using System.Text.Json.Nodes;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>
/// Cordon before power-off, uncordon after power-on, and never powering off a node that runs a pod that would be
/// lost, against an API server in the test process.
/// </summary>
[TestFixture]
public sealed class KubernetesPowerTests
{
    private const string Annotation = "clues.grycap.upv.es/cordoned";

    private static KubernetesLrmsPlugin Plugin(FakeKubernetesApi api) =>
        new(KubernetesLrmsPluginTests.Config(api, "/nonexistent/kubernetes_vnodes.info"), NullLogger<KubernetesLrmsPlugin>.Instance, TimeProvider.System);

    private static bool Cordoned(JsonObject node) => node["spec"]?["unschedulable"]?.GetValue<bool>() == true;

    private static bool MarkedByClues(JsonObject node) => node["metadata"]?["annotations"]?[Annotation] is not null;

    [Test]
    public async Task PreparePowerOff_OnlyDaemonSetAndMirrorPods_CordonsAndAllows()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(ClusterObjects.List("NodeList", ClusterObjects.Node("wn1"), ClusterObjects.Node("wn2")));
        api.SetPods(ClusterObjects.List("PodList",
            ClusterObjects.Pod("proxy", "wn1", ownerKind: "DaemonSet"),
            ClusterObjects.Pod("static", "wn1", ownerKind: null, annotations: new JsonObject { ["kubernetes.io/config.mirror"] = "x" }),
            ClusterObjects.Pod("done", "wn1", phase: "Succeeded"),
            ClusterObjects.Pod("web", "wn2")));
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.True);

        var wn1 = api.Node("wn1");
        Assert.That(Cordoned(wn1) && MarkedByClues(wn1), Is.True, "cordoned, and marked as CLUES' cordon");
        Assert.That(api.Requests, Does.Contain("GET /api/v1/pods?limit=500&fieldSelector=spec.nodeName%3Dwn1"), "only that node's pods are listed");
        var patch = api.Requests.ToList().IndexOf("PATCH /api/v1/nodes/wn1");
        var look = api.Requests.ToList().FindIndex(r => r.Contains("fieldSelector", StringComparison.Ordinal));
        Assert.That(patch, Is.LessThan(look), "the pods are looked at after the cordon, so none can slip in between");
        Assert.That(Cordoned(api.Node("wn2")), Is.False);
    }

    [Test]
    public async Task PreparePowerOff_APodThatWouldBeLost_RefusesAndUncordons()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(ClusterObjects.List("NodeList", ClusterObjects.Node("wn1")));
        api.SetPods(ClusterObjects.List("PodList", ClusterObjects.Pod("dns", "wn1", ns: "kube-system", ownerKind: "ReplicaSet")));
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.False,
            "a kube-system pod does not make the node busy for CLUES, but a Deployment's pod would still be lost");

        var wn1 = api.Node("wn1");
        Assert.That(Cordoned(wn1) || MarkedByClues(wn1), Is.False, "the node is as it was");
    }

    [Test]
    public async Task PowerOn_CluesCordon_IsUndone_AnAdministratorsCordonStays()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var ours = ClusterObjects.Node("ours", ready: false);
        ours["spec"]!["unschedulable"] = true;
        ours["metadata"]!["annotations"] = new JsonObject { [Annotation] = "true" };
        var admins = ClusterObjects.Node("admins", ready: false);
        admins["spec"]!["unschedulable"] = true;
        api.SetNodes(ClusterObjects.List("NodeList", ours, admins));
        api.SetPods(ClusterObjects.List("PodList"));
        using var plugin = Plugin(api);

        var before = (await plugin.GetNodesAsync(CancellationToken.None)).ToDictionary(n => n.Name);
        Assert.That(before["ours"].Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(1)), "CLUES' own cordon goes away at power-on: still a candidate");
        Assert.That(before["admins"].Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(0)));

        Assert.That(await plugin.PowerOnAsync("ours", CancellationToken.None), Is.True);
        Assert.That(await plugin.PowerOnAsync("admins", CancellationToken.None), Is.True);
        Assert.That(await plugin.PowerOnAsync("not-registered-yet", CancellationToken.None), Is.True, "a new node registers itself uncordoned");

        Assert.That(Cordoned(api.Node("ours")) || MarkedByClues(api.Node("ours")), Is.False);
        Assert.That(Cordoned(api.Node("admins")), Is.True);
    }

    [Test]
    public async Task PreparePowerOff_AdministratorsCordon_KeptAndNotMarked()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var node = ClusterObjects.Node("wn1");
        node["spec"]!["unschedulable"] = true;
        api.SetNodes(ClusterObjects.List("NodeList", node));
        api.SetPods(ClusterObjects.List("PodList", ClusterObjects.Pod("web", "wn1")));
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.False);

        Assert.That(Cordoned(api.Node("wn1")), Is.True, "an administrator's cordon is never lifted by CLUES");
        Assert.That(api.Requests.Any(r => r.StartsWith("PATCH", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task GetNodes_CluesCordonLeftOnANodeTheDaemonSeesOn_IsUndone()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var stuck = ClusterObjects.Node("stuck");
        stuck["spec"]!["unschedulable"] = true;
        stuck["metadata"]!["annotations"] = new JsonObject { [Annotation] = "true" };
        var leaving = (JsonObject)stuck.DeepClone();
        leaving["metadata"]!["name"] = "leaving";
        api.SetNodes(ClusterObjects.List("NodeList", stuck, leaving));
        api.SetPods(ClusterObjects.List("PodList"));
        using var plugin = Plugin(api);
        plugin.Attach(new FixedSystem(new NodeView("stuck", NodeState.OnErr, true, 40), new NodeView("leaving", NodeState.PowOff, true, 2)));

        await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(Cordoned(api.Node("stuck")), Is.False, "the power-off failed: the node takes pods again");
        Assert.That(Cordoned(api.Node("leaving")), Is.True, "a power-off under way keeps its cordon");
    }

    private sealed class FixedSystem(params NodeView[] nodes) : ICluesSystem
    {
        public IReadOnlyList<NodeView> GetNodes() => nodes;
    }
}
