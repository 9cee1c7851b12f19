using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Clues.DockerWrapper.Dispatch;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;
using Clues.DockerWrapper.Proxy.Http11;
using Clues.DockerWrapper.Routing;

namespace Clues.DockerWrapper.Api;

/// <summary>
/// The endpoints CLUES' Docker LRMS plugin reads: <c>/jobs/num</c>, <c>/jobs/list</c>, <c>/nodes/list</c>; and
/// <c>/metrics</c> for monitoring (docs/wrapper-api.md).
/// </summary>
internal sealed class WrapperApiEndpoints
{
    private readonly JobStore _store;
    private readonly UpstreamClient _upstream;
    private readonly BackendResolver _backends;
    private readonly ProxyMetrics _metrics;

    public WrapperApiEndpoints(JobStore store, UpstreamClient upstream, BackendResolver backends, ProxyMetrics metrics)
    {
        _metrics = metrics;
        _store = store;
        _upstream = upstream;
        _backends = backends;
    }

    public async Task HandleAsync(HttpConnection client, HttpHead request, Route route, CancellationToken ct)
    {
        var headOnly = request.Method == "HEAD";
        switch (route.Kind)
        {
            case RouteKind.JobsCount:
                // KEEP (spec §1.2): text/plain count of pending jobs, as the thesis' LRMS plugin reads it.
                var count = _store.List().Count(j => j.IsPending);
                await ResponseWriter.WriteAsync(client.Stream, 200, "text/plain",
                    Encoding.ASCII.GetBytes(count.ToString(CultureInfo.InvariantCulture)), headOnly, ct);
                break;
            case RouteKind.JobsList:
                var jobs = new JsonArray(_store.List().Where(j => j.State != JobState.Created).Select(j => (JsonNode)JobViews.ListEntry(j)).ToArray());
                await ResponseWriter.JsonAsync(client.Stream, 200, jobs, ct, headOnly);
                break;
            case RouteKind.Metrics:
                await ResponseWriter.WriteAsync(client.Stream, 200, "text/plain; version=0.0.4",
                    Encoding.ASCII.GetBytes(_metrics.ToPrometheusText()), headOnly, ct);
                break;
            default:
                try
                {
                    await ResponseWriter.JsonAsync(client.Stream, 200, await NodesAsync(ct), ct, headOnly);
                }
                catch (UpstreamException ex)
                {
                    await ResponseWriter.ErrorAsync(client.Stream, 502, "docker-wrapper: " + ex.Message, ct);
                }
                break;
        }
    }

    /// <summary>Swarm nodes keyed by hostname, with capacity, reservations, running tasks and the wrapper's jobs on each.</summary>
    internal async Task<JsonObject> NodesAsync(CancellationToken ct)
    {
        var backend = await _backends.ResolveAsync(ct);
        if (backend is not SwarmBackend)
        {
            return await EngineAsNodeAsync(ct);
        }
        var nodes = await GetArrayAsync("/nodes", ct);
        var filters = Uri.EscapeDataString("""{"desired-state":["running"]}""");
        var tasks = await GetArrayAsync("/tasks?filters=" + filters, ct);
        var jobsByService = _store.List()
            .Where(j => j.Backend == JobBackends.Swarm && j.UpstreamId is not null)
            .ToDictionary(j => j.UpstreamId!, j => j.Id);
        var result = new JsonObject();
        foreach (var node in nodes.OfType<JsonObject>())
        {
            var id = node["ID"]!.GetValue<string>();
            var onNode = tasks.OfType<JsonObject>().Where(t => t["NodeID"]?.GetValue<string>() == id).ToList();
            long reservedCpu = 0, reservedMemory = 0;
            foreach (var task in onNode)
            {
                var reservations = task["Spec"]?["Resources"]?["Reservations"];
                reservedCpu += reservations?["NanoCPUs"]?.GetValue<long>() ?? 0;
                reservedMemory += reservations?["MemoryBytes"]?.GetValue<long>() ?? 0;
            }
            var hostname = node["Description"]?["Hostname"]?.GetValue<string>() ?? id;
            result[hostname] = new JsonObject
            {
                ["Id"] = id,
                ["State"] = node["Status"]?["State"]?.GetValue<string>(),
                ["Availability"] = node["Spec"]?["Availability"]?.GetValue<string>(),
                ["Role"] = node["Spec"]?["Role"]?.GetValue<string>(),
                ["NanoCpus"] = node["Description"]?["Resources"]?["NanoCPUs"]?.GetValue<long>() ?? 0,
                ["MemoryBytes"] = node["Description"]?["Resources"]?["MemoryBytes"]?.GetValue<long>() ?? 0,
                ["ReservedNanoCpus"] = reservedCpu,
                ["ReservedMemoryBytes"] = reservedMemory,
                ["Containers"] = onNode.Count(t => t["Status"]?["State"]?.GetValue<string>() == "running"),
                ["Jobs"] = new JsonArray(onNode
                    .Select(t => t["ServiceID"]?.GetValue<string>())
                    .Where(s => s is not null && jobsByService.ContainsKey(s))
                    .Select(s => (JsonNode)jobsByService[s!])
                    .ToArray()),
            };
        }
        return result;
    }

    /// <summary>A plain engine is one node: its name, CPUs, memory and the wrapper's running jobs.</summary>
    private async Task<JsonObject> EngineAsNodeAsync(CancellationToken ct)
    {
        var response = await _upstream.SendAsync("GET", "/info", null, ct);
        if (!response.IsSuccess || response.Json() is not JsonObject info)
        {
            throw new UpstreamException("GET /info: " + response.Message());
        }
        var running = _store.List(JobState.Running);
        return new JsonObject
        {
            [info["Name"]?.GetValue<string>() ?? "engine"] = new JsonObject
            {
                ["Id"] = info["ID"]?.GetValue<string>(),
                ["State"] = "ready",
                ["Availability"] = "active",
                ["Role"] = "worker",
                ["NanoCpus"] = (info["NCPU"]?.GetValue<long>() ?? 0) * 1_000_000_000L,
                ["MemoryBytes"] = info["MemTotal"]?.GetValue<long>() ?? 0,
                ["ReservedNanoCpus"] = (long)(running.Sum(j => j.Cpus) * 1e9),
                ["ReservedMemoryBytes"] = running.Sum(j => j.MemoryBytes),
                ["Containers"] = info["ContainersRunning"]?.GetValue<long>() ?? 0,
                ["Jobs"] = new JsonArray(running.Select(j => (JsonNode)j.Id).ToArray()),
            },
        };
    }

    private async Task<JsonArray> GetArrayAsync(string path, CancellationToken ct)
    {
        var response = await _upstream.SendAsync("GET", path, null, ct);
        if (!response.IsSuccess)
        {
            throw new UpstreamException($"GET {path}: {response.Message()}");
        }
        return response.Json() as JsonArray ?? [];
    }
}
