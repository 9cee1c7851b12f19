using System.Net;
using System.Text.Json.Nodes;
using Clues.Core.Config;
using Clues.Core.Http;
using Clues.Core.Model;
using Clues.Plugins.Kubernetes;
using Clues.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>
/// The Kubernetes LRMS plugin against an API server in the test process: CLUES' test_kubernetes.py assertions on
/// CLUES' fixtures, the spec's fixes, failures that must never read as an empty cluster, paging, auth and TLS.
/// </summary>
[TestFixture]
public sealed class KubernetesLrmsPluginTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "clues-k8s-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static string FixtureText(string name) => File.ReadAllText(TestEnvironment.Fixture("clues-test-files", name));

    internal static CluesConfig Config(FakeKubernetesApi api, string vnodesFile, params (string Key, string Value)[] settings)
    {
        var config = new CluesConfig();
        config.Set(KubernetesLrmsOptions.Section, KubernetesLrmsOptions.ServerKey, api.Address.ToString().TrimEnd('/'));
        config.Set(KubernetesLrmsOptions.Section, KubernetesLrmsOptions.VirtualNodesFileKey, vnodesFile);
        foreach (var (key, value) in settings)
        {
            config.Set(KubernetesLrmsOptions.Section, key, value);
        }
        return config;
    }

    private KubernetesLrmsPlugin Plugin(FakeKubernetesApi api, params (string Key, string Value)[] settings) =>
        new(Config(api, Path.Combine(_directory, "absent.info"), settings), NullLogger<KubernetesLrmsPlugin>.Instance, TimeProvider.System);

    // test_kubernetes.py: test_get_nodeinfolist. CLUES' test served nodes.json for the pods request too; the real
    // pods.json changes nothing (its pods sit on wn-1/wn-2, which nodes.json does not list).
    [TestCase("nodes.json")]
    [TestCase("pods.json")]
    public async Task GetNodes_CluesFixtures_TestKubernetesAssertionsHold(string podsFixture)
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(FixtureText("nodes.json"));
        api.SetPods(FixtureText(podsFixture));
        var vnodes = Path.Combine(_directory, "kubernetes_vnodes.info");
        File.Copy(TestEnvironment.Fixture("clues-test-files", "kubernetes_vnodes.info"), vnodes);
        using var plugin = new KubernetesLrmsPlugin(Config(api, vnodes), NullLogger<KubernetesLrmsPlugin>.Instance, TimeProvider.System);

        var nodes = (await plugin.GetNodesAsync(CancellationToken.None)).ToDictionary(n => n.Name);

        Assert.That(nodes.Keys, Is.EqualTo(new[] { "gpuwn-1.localdomain", "gpuwn-2.localdomain", "wn-3.localdomain", "wn4.localdomain", "wn5.localdomain" }),
            "the control plane is skipped; the virtual nodes follow the registered ones");
        var gpu1 = nodes["gpuwn-1.localdomain"];
        Assert.That(gpu1.SlotsCount, Is.EqualTo(8));
        Assert.That(gpu1.SlotsFree, Is.EqualTo(8.0));
        Assert.That(gpu1.MemoryTotal, Is.EqualTo(16713633792));
        Assert.That(gpu1.MemoryFree, Is.EqualTo(16713633792));
        Assert.That(gpu1.State, Is.EqualTo(NodeState.Idle));
        Assert.That(gpu1.Keywords, Has.Count.EqualTo(9));
        Assert.That(gpu1.Keywords["pods_free"], Is.EqualTo(KeywordValue.FromNumber(110)));
        Assert.That(gpu1.Keywords["nodeName"], Is.EqualTo(KeywordValue.FromString("gpuwn-1.localdomain")));
        Assert.That(gpu1.Keywords["nvidia_gpu"], Is.EqualTo(KeywordValue.FromNumber(2)));
        Assert.That(gpu1.Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(1)));
        Assert.That(gpu1.Keywords["kubernetes.io/hostname"], Is.EqualTo(KeywordValue.FromString("gpuwn-1.localdomain")));

        var wn4 = nodes["wn4.localdomain"];
        Assert.That(wn4.SlotsCount, Is.EqualTo(2));
        Assert.That(wn4.MemoryTotal, Is.EqualTo(1024));
        Assert.That(wn4.State, Is.EqualTo(NodeState.Off));
        Assert.That(wn4.Keywords["nvidia_gpu"], Is.EqualTo(KeywordValue.FromNumber(1)));
        Assert.That(wn4.Keywords["label"], Is.EqualTo(KeywordValue.FromString("1;labe2")), "KEEP: CLUES splits keywords on ',' and '='");

        var wn5 = nodes["wn5.localdomain"];
        Assert.That(wn5.Keywords["sgx"], Is.EqualTo(KeywordValue.FromNumber(1)));
        Assert.That(wn5.Keywords["sgx_epc_size"], Is.EqualTo(KeywordValue.FromNumber(128)));
        Assert.That((wn5.SlotsCount, wn5.MemoryTotal, wn5.State), Is.EqualTo((1.0, 1073741824.0, NodeState.Off)), "KUBERNETES_NODE_SLOTS / _MEMORY defaults");
        Assert.That(wn5.Keywords["pods_free"], Is.EqualTo(KeywordValue.FromNumber(110)));

        var wn3 = nodes["wn-3.localdomain"];
        Assert.That(wn3.Keywords["sgx"], Is.EqualTo(KeywordValue.FromNumber(1)));
        Assert.That(wn3.Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(0)), "tainted wn-3:NoSchedule");
        Assert.That((wn3.SlotsCount, wn3.MemoryTotal, wn3.State), Is.EqualTo((8.0, 16713625600.0, NodeState.Idle)));
    }

    // test_kubernetes.py: test_get_jobinfolist, plus the two jobs the test does not assert (spec §5.2).
    [Test]
    public async Task GetJobs_CluesPodsFixture_TestKubernetesAssertionsHold()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetPods(FixtureText("pods.json"));
        using var plugin = Plugin(api);

        var jobs = await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs, Has.Count.EqualTo(3));
        Assert.That(jobs[1].JobId, Is.EqualTo("643ed2c4-8a98-4648-97e4-55aa856b984d"));
        Assert.That(jobs[1].State, Is.EqualTo(RequestState.Served));
        Assert.That(jobs[1].Resources.Slots, Is.EqualTo(0.25));
        Assert.That(jobs[1].Resources.Memory, Is.EqualTo(134217728));
        Assert.That(jobs[1].Resources.Expressions, Is.EqualTo(new[]
        {
            "(pods_free > 0) && (schedule == 1) && (nodeName == \"wn-2.localdomain\") && (nvidia_gpu >= 1) && (sgx >= 1)",
        }));
        Assert.That(jobs.Select(j => j.Resources.TaskCount), Is.All.EqualTo(1));
        Assert.That(jobs[0].JobId, Does.StartWith("0fb09d9f-"));
        Assert.That((jobs[0].Resources.Slots, jobs[0].Resources.Memory), Is.EqualTo((0.25, 262144000.0)));
        Assert.That(jobs[0].Resources.Expressions[0], Is.EqualTo("(pods_free > 0) && (schedule == 1) && (nodeName == \"wn-1.localdomain\")"));
        Assert.That((jobs[2].Resources.Slots, jobs[2].Resources.Memory), Is.EqualTo((0.0, 0.0)));
        Assert.That(jobs[2].NodeIds, Is.EqualTo(new[] { "wn-2.localdomain" }));
    }

    [Test]
    public async Task GetNodes_PodsOnNodes_UsageAndBusyState_DaemonSetAndMirrorPodsDoNotMakeANodeBusy()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(ClusterObjects.List("NodeList",
            ClusterObjects.Node("busy"), ClusterObjects.Node("daemons"), ClusterObjects.Node("finished"), ClusterObjects.Node("down", ready: false)));
        api.SetPods(ClusterObjects.List("PodList",
            ClusterObjects.Pod("web", "busy", cpu: "1500m", memory: "1Gi"),
            ClusterObjects.Pod("proxy", "daemons", ownerKind: "DaemonSet", cpu: "100m", memory: "64Mi"),
            ClusterObjects.Pod("etcd", "daemons", ownerKind: null, ns: "default", annotations: new JsonObject { ["kubernetes.io/config.mirror"] = "abc" }),
            ClusterObjects.Pod("dns", "daemons", ns: "kube-system"),
            ClusterObjects.Pod("batch", "finished", phase: "Succeeded", cpu: "2")));
        using var plugin = Plugin(api);

        var nodes = (await plugin.GetNodesAsync(CancellationToken.None)).ToDictionary(n => n.Name);

        Assert.That(nodes["busy"].State, Is.EqualTo(NodeState.Used));
        Assert.That(nodes["busy"].SlotsFree, Is.EqualTo(2.5).Within(1e-9));
        Assert.That(nodes["busy"].MemoryFree, Is.EqualTo(7.0 * (1L << 30)));
        Assert.That(nodes["busy"].Keywords["pods_free"], Is.EqualTo(KeywordValue.FromNumber(109)));
        Assert.That(nodes["daemons"].State, Is.EqualTo(NodeState.Idle), "DaemonSet, mirror and kube-system pods are the cluster's own (grycap/clues#114)");
        Assert.That(nodes["daemons"].Keywords["pods_free"], Is.EqualTo(KeywordValue.FromNumber(107)), "they still take pod slots");
        Assert.That(nodes["daemons"].SlotsFree, Is.EqualTo(4 - 0.1 - 0.5 - 0.5).Within(1e-9), "and resources");
        Assert.That(nodes["finished"].State, Is.EqualTo(NodeState.Idle));
        Assert.That(nodes["finished"].SlotsFree, Is.EqualTo(4));
        Assert.That(nodes["down"].State, Is.EqualTo(NodeState.Off));
        Assert.That(nodes["down"].Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(1)),
            "FIX: the taints of a node that is down are lifted by powering it on, so it stays a candidate");
    }

    [Test]
    public async Task GetNodes_ApiQuantitiesAndExtendedResources_ReadInTheApisUnits()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var node = ClusterObjects.Node("wn1", cpu: "3500m", memory: "2G", extraAllocatable: new JsonObject { ["example.com/fpga"] = "2", ["amd.com/gpu"] = "4" });
        node["spec"]!["unschedulable"] = true;
        api.SetNodes(ClusterObjects.List("NodeList", node));
        api.SetPods(ClusterObjects.List("PodList", ClusterObjects.Pod("p", "wn1", cpu: "0.5", memory: "500M",
            extraRequests: new JsonObject { ["example.com/fpga"] = 1, ["amd.com/gpu"] = "1" })));
        using var plugin = Plugin(api);

        var wn1 = (await plugin.GetNodesAsync(CancellationToken.None)).Single();

        Assert.That(wn1.SlotsCount, Is.EqualTo(3.5), "FIX: CLUES' int() failed on millicores");
        Assert.That(wn1.SlotsFree, Is.EqualTo(3.0));
        Assert.That(wn1.MemoryTotal, Is.EqualTo(2e9), "FIX: G is decimal in the API");
        Assert.That(wn1.MemoryFree, Is.EqualTo(1.5e9));
        Assert.That(wn1.Keywords["amd_gpu"], Is.EqualTo(KeywordValue.FromNumber(3)));
        Assert.That(wn1.Keywords["example_com_fpga"], Is.EqualTo(KeywordValue.FromNumber(1)));
        Assert.That(wn1.Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(0)), "cordoned by an administrator");
    }

    [Test]
    public async Task GetJobs_PendingPods_StateRequestsAndSelectors_DaemonSetAndSystemPodsAreNotJobs()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetPods(ClusterObjects.List("PodList",
            ClusterObjects.Pod("waiting", null, phase: "Pending", cpu: "2", memory: "1Gi",
                extraRequests: new JsonObject { ["nvidia.com/gpu"] = "1", ["example.com/fpga"] = "2" },
                nodeSelector: new JsonObject { ["disk"] = "ssd", ["kubernetes.io/arch"] = "amd64" }),
            ClusterObjects.Pod("daemon", null, phase: "Pending", ownerKind: "DaemonSet"),
            ClusterObjects.Pod("dns", "wn1", ns: "kube-system"),
            ClusterObjects.Pod("odd", "wn1", phase: "Unknown")));
        using var plugin = Plugin(api);

        var jobs = await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs.Select(j => j.JobId), Is.EqualTo(new[] { "uid-waiting", "uid-odd" }));
        Assert.That(jobs[0].State, Is.EqualTo(RequestState.Pending));
        Assert.That(jobs[0].NodeIds, Is.Empty);
        Assert.That((jobs[0].Resources.Slots, jobs[0].Resources.Memory), Is.EqualTo((2.0, 1073741824.0)));
        Assert.That(jobs[0].Resources.Expressions[0], Is.EqualTo(
            "(pods_free > 0) && (schedule == 1) && (nvidia_gpu >= 1) && (example_com_fpga >= 2) && (disk == \"ssd\")"),
            "FIX: a selector label that is not an identifier (kubernetes.io/arch) would make the requirement false; it is left out");
        Assert.That(jobs[1].State, Is.EqualTo(RequestState.Unknown));
    }

    [Test]
    public async Task GetJobs_RightAfterTheNodeReport_UsesItsPodList_LaterReadsAgain()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(ClusterObjects.List("NodeList", ClusterObjects.Node("wn1")));
        api.SetPods(ClusterObjects.List("PodList", ClusterObjects.Pod("a", null, phase: "Pending")));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var plugin = new KubernetesLrmsPlugin(Config(api, Path.Combine(_directory, "absent.info")), NullLogger<KubernetesLrmsPlugin>.Instance, time);
        int PodReads() => api.Requests.Count(r => r.StartsWith("GET /api/v1/pods", StringComparison.Ordinal));

        await plugin.GetNodesAsync(CancellationToken.None);
        var sameStep = await plugin.GetJobsAsync(CancellationToken.None);
        Assert.That((PodReads(), sameStep.Count), Is.EqualTo((1, 1)), "one pod list serves both reports of a loop step");

        api.AddPod(ClusterObjects.Pod("b", null, phase: "Pending"));
        var again = await plugin.GetJobsAsync(CancellationToken.None);
        Assert.That((PodReads(), again.Count), Is.EqualTo((2, 2)), "the shared list serves one job report only");

        await plugin.GetNodesAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        await plugin.GetJobsAsync(CancellationToken.None);
        Assert.That(PodReads(), Is.EqualTo(4), "an older list is read again");
    }

    [Test]
    public async Task Lists_ManyPages_AllPagesFollowed()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(ClusterObjects.List("NodeList", Enumerable.Range(1, 7).Select(i => ClusterObjects.Node($"wn{i}")).ToArray()));
        api.SetPods(ClusterObjects.List("PodList", Enumerable.Range(1, 7).Select(i => ClusterObjects.Pod($"p{i}", $"wn{i}")).ToArray()));
        using var plugin = Plugin(api, (KubernetesLrmsOptions.PageSizeKey, "3"));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(Enumerable.Range(1, 7).Select(i => $"wn{i}")));
        Assert.That(nodes.Select(n => n.State), Is.All.EqualTo(NodeState.Used), "every pod of every page counted");
        Assert.That(api.Requests.Where(r => r.StartsWith("GET /api/v1/nodes", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "GET /api/v1/nodes?limit=3", "GET /api/v1/nodes?limit=3&continue=offset-3", "GET /api/v1/nodes?limit=3&continue=offset-6" }));
    }

    [Test]
    public async Task GetNodes_WrongToken_FailsNamingTheRejectedToken()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Token = "right";
        api.SetNodes(FixtureText("nodes.json"));
        using var plugin = Plugin(api, (KubernetesLrmsOptions.TokenKey, "wrong"));

        var error = Assert.ThrowsAsync<RestApiException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.Message, Does.Contain("401").And.Contain("token").And.Contain("/api/v1/nodes"));
    }

    [Test]
    public async Task GetNodes_RightTokenFromTokenFile_ReadAgainAfterRotation()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(FixtureText("nodes.json"));
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, "first\n");
        using var plugin = Plugin(api, (KubernetesLrmsOptions.TokenFileKey, tokenFile));

        api.Token = "first";
        Assert.That(await plugin.GetNodesAsync(CancellationToken.None), Has.Count.EqualTo(3), "the three workers of nodes.json");
        api.Token = "second";
        await File.WriteAllTextAsync(tokenFile, "second");
        Assert.That(await plugin.GetNodesAsync(CancellationToken.None), Has.Count.EqualTo(3), "the three workers of nodes.json");
    }

    private static readonly string[] BrokenAnswers = ["500", "503", "truncated", "not-a-list", "bad-quantity", "null"];

    [TestCaseSource(nameof(BrokenAnswers))]
    public async Task GetNodes_BrokenPodsAnswer_IsAFailureNotAnIdleCluster(string answer)
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.SetNodes(FixtureText("nodes.json"));
        api.Fault = context => Break(context, "/api/v1/pods", answer);
        using var plugin = Plugin(api);

        var error = Assert.CatchAsync(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(error, Is.InstanceOf<RestApiException>().Or.InstanceOf<HttpRequestException>());
        Assert.That(error!.Message, Does.Contain("/api/v1/pods"), error.Message);
    }

    [TestCaseSource(nameof(BrokenAnswers))]
    public async Task GetNodes_BrokenNodesAnswer_IsAFailureNotTheVirtualNodesAlone(string answer)
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Fault = context => Break(context, "/api/v1/nodes", answer);
        var vnodes = Path.Combine(_directory, "kubernetes_vnodes.info");
        File.Copy(TestEnvironment.Fixture("clues-test-files", "kubernetes_vnodes.info"), vnodes);
        using var plugin = new KubernetesLrmsPlugin(Config(api, vnodes), NullLogger<KubernetesLrmsPlugin>.Instance, TimeProvider.System);

        var error = Assert.CatchAsync(() => plugin.GetNodesAsync(CancellationToken.None), "FIX: CLUES returned the virtual nodes alone");

        Assert.That(error!.Message, Does.Contain("/api/v1/nodes"), error.Message);
    }

    [Test]
    public async Task GetJobs_ServerNeverAnswers_TimesOutAsAFailure()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Fault = async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        var config = Config(api, Path.Combine(_directory, "absent.info"));
        config.Set(GeneralOptions.Section, "TIMEOUT_COMMANDS", "0.5");
        using var plugin = new KubernetesLrmsPlugin(config, NullLogger<KubernetesLrmsPlugin>.Instance, TimeProvider.System);

        var error = Assert.CatchAsync(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(error, Is.InstanceOf<TaskCanceledException>(), "HttpClient's timeout; the daemon reports it as a failed poll");
        Assert.That(error!.InnerException, Is.InstanceOf<TimeoutException>());
    }

    private static async Task<bool> Break(HttpContext context, string path, string answer)
    {
        if (!context.Request.Path.StartsWithSegments(path, StringComparison.Ordinal))
        {
            return false;
        }
        switch (answer)
        {
            case "500" or "503":
                await FakeKubernetesApi.StatusAsync(context, int.Parse(answer, System.Globalization.CultureInfo.InvariantCulture), "InternalError", "etcdserver: request timed out");
                return true;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer switch
        {
            "truncated" => FixtureText(path.EndsWith("pods", StringComparison.Ordinal) ? "pods.json" : "nodes.json")[..2000],
            "not-a-list" => """{"kind":"Status","apiVersion":"v1","status":"Success"}""",
            "bad-quantity" => ClusterObjects.List("List", ClusterObjects.Node("wn1", cpu: "many"), ClusterObjects.Pod("p", "wn1", cpu: "lots")),
            _ => "null",
        });
        return true;
    }
}
