using System.Globalization;
using System.Net;
using System.Text;
using Clues.Core.Http;
using Clues.Plugins.Kubernetes;
using Clues.Plugins.Kubernetes.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--kubernetes [nodes] [pods] [runs]</c>: one monitoring pass of the Kubernetes plugin (the node report, which
/// reads nodes and pods, then the job report, which reads pods again) against a cluster served over loopback HTTP by
/// Kestrel, with the API's paging; prints the wall time per pass and the bytes fetched.
/// </summary>
internal static class KubernetesMonitoring
{
    public static async Task<int> RunAsync(int nodeCount, int podCount, int runs)
    {
        var nodes = Enumerable.Range(0, nodeCount).Select(NodeJson).ToArray();
        var pods = Enumerable.Range(0, podCount).Select(i => PodJson(i, nodeCount)).ToArray();
        await using var app = await ServeAsync(nodes, pods);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var options = new KubernetesLrmsOptions { Server = address, VirtualNodesFile = "/nonexistent/kubernetes_vnodes.info" };
        var counter = default(CountingHandler);
        using var http = RestClientFactory.Create(options.ToRestClientOptions(), inner => counter = new CountingHandler { InnerHandler = inner });
        var api = new KubernetesApiClient(http, address.ToString(), options.NodesPath, options.PodsPath, options.PageSize);
        using var plugin = new KubernetesLrmsPlugin(options, api, NullLogger.Instance, TimeProvider.System);

        Console.WriteLine($"Kubernetes monitoring pass: {nodeCount:N0} nodes, {podCount:N0} pods, pages of {options.PageSize}");
        await MonitoringPassTimer.RunAsync(plugin, runs, "nodes+pods", () => counter!.Reset(),
            () => string.Create(CultureInfo.InvariantCulture, $"{counter!.Requests} requests, {counter.Bytes / 1_048_576.0:0.00} MiB fetched"));
        return 0;
    }

    private static async Task<WebApplication> ServeAsync(string[] nodes, string[] pods)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/api/v1/nodes", context => PageAsync(context, "NodeList", nodes));
        app.MapGet("/api/v1/pods", context => PageAsync(context, "PodList", pods));
        await app.StartAsync();
        return app;
    }

    private static async Task PageAsync(HttpContext context, string kind, string[] items)
    {
        var limit = int.Parse(context.Request.Query["limit"].ToString(), CultureInfo.InvariantCulture);
        var offset = context.Request.Query["continue"].ToString() is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var end = Math.Min(items.Length, offset + limit);
        var body = new StringBuilder($$"""{"kind":"{{kind}}","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":"{{(end < items.Length ? end.ToString(CultureInfo.InvariantCulture) : "")}}"},"items":[""");
        body.AppendJoin(',', items[offset..end]).Append("]}");
        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    // Shaped as kubectl get -o json shows a kubeadm worker (labels, conditions, images trimmed to a few).
    private static string NodeJson(int i) => $$$$"""
        {"metadata":{"name":"wn{{{{i}}}}","uid":"{{{{Guid.NewGuid()}}}}","resourceVersion":"{{{{1000 + i}}}}","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"beta.kubernetes.io/arch":"amd64","beta.kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","kubernetes.io/hostname":"wn{{{{i}}}}","kubernetes.io/os":"linux","topology.kubernetes.io/zone":"zone-{{{{i % 3}}}}"},"annotations":{"node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"}},
         "spec":{"podCIDR":"10.244.{{{{i % 250}}}}.0/24","podCIDRs":["10.244.{{{{i % 250}}}}.0/24"]},
         "status":{"capacity":{"cpu":"16","ephemeral-storage":"101203600Ki","hugepages-2Mi":"0","memory":"65843012Ki","pods":"110"},"allocatable":{"cpu":"16","ephemeral-storage":"93269311130","hugepages-2Mi":"0","memory":"65740612Ki","pods":"110"},
          "conditions":[{"type":"MemoryPressure","status":"False","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"KubeletHasSufficientMemory","message":"kubelet has sufficient memory available"},{"type":"DiskPressure","status":"False","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"KubeletHasNoDiskPressure","message":"kubelet has no disk pressure"},{"type":"PIDPressure","status":"False","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"KubeletHasSufficientPID","message":"kubelet has sufficient PID available"},{"type":"Ready","status":"True","lastHeartbeatTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z","reason":"KubeletReady","message":"kubelet is posting ready status"}],
          "addresses":[{"type":"InternalIP","address":"10.0.{{{{i / 250}}}}.{{{{i % 250}}}}"},{"type":"Hostname","address":"wn{{{{i}}}}"}],
          "nodeInfo":{"kernelVersion":"6.1.0","osImage":"Debian GNU/Linux 12","containerRuntimeVersion":"containerd://1.7.0","kubeletVersion":"v1.30.0","kubeProxyVersion":"v1.30.0","operatingSystem":"linux","architecture":"amd64"}}}
        """.ReplaceLineEndings("");

    // Nine pods in ten run on a node, one in ten waits; one in ten is a DaemonSet's.
    private static string PodJson(int i, int nodeCount)
    {
        var pending = i % 10 == 9;
        var owner = i % 10 == 0 ? "DaemonSet" : "ReplicaSet";
        var node = pending ? "" : $",\"nodeName\":\"wn{i % nodeCount}\"";
        var status = pending
            ? """{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"0/1000 nodes are available: 1000 Insufficient cpu."}],"qosClass":"Burstable"}"""
            : $$$$"""{"phase":"Running","hostIP":"10.0.0.{{{{i % 250}}}}","podIP":"10.244.{{{{i % 250}}}}.{{{{i % 200}}}}","startTime":"2026-01-01T00:00:00Z","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[{"name":"app","ready":true,"restartCount":0,"image":"registry.example/app:1.0","imageID":"registry.example/app@sha256:0123456789abcdef","containerID":"containerd://0123456789abcdef","started":true,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}],"qosClass":"Burstable"}""";
        return $$$$"""
            {"metadata":{"name":"app-{{{{i}}}}","generateName":"app-","namespace":"team-{{{{i % 20}}}}","uid":"{{{{Guid.NewGuid()}}}}","resourceVersion":"{{{{5000 + i}}}}","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"app-{{{{i % 50}}}}","pod-template-hash":"abc123"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"{{{{owner}}}}","name":"app-{{{{i % 50}}}}","uid":"{{{{Guid.NewGuid()}}}}","controller":true,"blockOwnerDeletion":true}]},
             "spec":{"containers":[{"name":"app","image":"registry.example/app:1.0","ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{"requests":{"cpu":"250m","memory":"512Mi"},"limits":{"cpu":"1","memory":"1Gi"}},"terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default","schedulerName":"default-scheduler"{{{{node}}}},"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
             "status":{{{{status}}}}}
            """.ReplaceLineEndings("");
    }

    /// <summary>Counts requests and the response body bytes the plugin receives.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        private long _bytes;
        private int _requests;

        public long Bytes => Interlocked.Read(ref _bytes);
        public int Requests => Volatile.Read(ref _requests);

        public void Reset()
        {
            Interlocked.Exchange(ref _bytes, 0);
            Volatile.Write(ref _requests, 0);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _bytes, response.Content.Headers.ContentLength ?? 0);
            return response;
        }
    }
}
