using System.Text.Json.Nodes;
using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Plugins.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Kubernetes;

/// <summary>
/// The real daemon, schedulers and Kubernetes plugin on a test clock against a scripted API server whose cluster
/// changes as a cluster would: a pod waits, CLUES powers a node on, the pod runs there, it ends, the node idles and
/// CLUES cordons it and powers it off.
/// </summary>
[TestFixture]
public sealed class KubernetesDaemonScenarioTests
{
    private const string Annotation = "clues.grycap.upv.es/cordoned";

    [Test, CancelAfter(120_000)]
    public async Task PendingPod_NodePoweredOnRunsItThenIdles_CordonedAndPoweredOff(CancellationToken ct)
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        // wn1 was powered off by CLUES earlier: registered, down, still carrying CLUES' cordon.
        var wn1 = ClusterObjects.Node("wn1", ready: false);
        wn1["spec"]!["unschedulable"] = true;
        wn1["metadata"]!["annotations"] = new JsonObject { [Annotation] = "true" };
        api.SetNodes(ClusterObjects.List("NodeList", wn1));
        api.SetPods(ClusterObjects.List("PodList", ClusterObjects.Pod("job", null, phase: "Pending", cpu: "1", memory: "1Gi")));
        var machines = new ScriptedMachines(api);

        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
        using var plugin = new KubernetesLrmsPlugin(KubernetesLrmsPluginTests.Config(api, "/nonexistent/kubernetes_vnodes.info"), NullLogger<KubernetesLrmsPlugin>.Instance, time);
        await using var scenario = new LrmsDaemonScenario(time, plugin, machines, () => api.Requests.Count, ct);
        Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds) =>
            scenario.AdvanceUntil(what, condition, seconds, "wn1", () => string.Join(", ", machines.Calls));
        Task<NodeState?> StateAsync() => scenario.StateAsync("wn1");

        await AdvanceUntil("power-on of wn1 for the pending pod", () => Task.FromResult(machines.Calls.Contains("on wn1")), 120);
        await AdvanceUntil("wn1 up and idle", async () => await StateAsync() == NodeState.Idle, 120);
        Assert.That(api.Node("wn1")["spec"]!["unschedulable"], Is.Null, "CLUES' cordon is lifted once the node is on");

        // The Kubernetes scheduler places the pod on wn1.
        api.Edit(() =>
        {
            var pod = api.LivePod("job");
            pod["spec"]!["nodeName"] = "wn1";
            pod["status"] = new JsonObject { ["phase"] = "Running", ["hostIP"] = "10.0.0.1" };
        });
        await AdvanceUntil("wn1 used by the pod", async () => await StateAsync() == NodeState.Used, 60);
        time.Advance(TimeSpan.FromSeconds(60));
        await AdvanceUntil("another look at wn1 while the pod runs", async () => await StateAsync() == NodeState.Used, 10);
        Assert.That(machines.Calls, Does.Not.Contain("off wn1"), "a node running a pod is never powered off");

        api.Edit(() => api.LivePod("job")["status"]!["phase"] = "Succeeded");
        await AdvanceUntil("power-off of the idle wn1", () => Task.FromResult(machines.Calls.Contains("off wn1")), 120);
        await AdvanceUntil("wn1 off", async () => await StateAsync() == NodeState.Off, 120);

        Assert.That(machines.CordonedWhenPoweredOff, Is.True, "cordoned by CLUES before the power manager ran");
        Assert.That(machines.Calls, Is.EqualTo(new[] { "on wn1", "off wn1" }));
    }

    /// <summary>A power manager that starts and stops machines by changing what the API server reports.</summary>
    private sealed class ScriptedMachines(FakeKubernetesApi api) : IPowerManager
    {
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return _calls.ToList();
                }
            }
        }

        public bool? CordonedWhenPoweredOff { get; private set; }

        public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
        {
            Record("on " + node);
            api.Edit(() =>
            {
                ClusterObjects.SetReady(api.LiveNode(node), true);
                api.AddPod(ClusterObjects.Pod("proxy-" + node, node, ownerKind: "DaemonSet", cpu: "100m", memory: "50Mi"));
            });
            return Task.FromResult(PowerResult.Ok(node));
        }

        public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
        {
            Record("off " + node);
            api.Edit(() =>
            {
                var live = api.LiveNode(node);
                CordonedWhenPoweredOff = live["spec"]?["unschedulable"]?.GetValue<bool>() == true && live["metadata"]?["annotations"]?[Annotation] is not null;
                ClusterObjects.SetReady(live, false);
            });
            return Task.FromResult(PowerResult.Ok(node));
        }

        private void Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
