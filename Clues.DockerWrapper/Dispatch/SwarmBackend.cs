using System.Text.Json.Nodes;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;

namespace Clues.DockerWrapper.Dispatch;

/// <summary>Runs each job as a Swarm <c>replicated-job</c> service: one replica, no restart, reservations = the job's resources.</summary>
/// <remarks>
/// The queue head is dispatched when some ready, active node has its reservations free (<see cref="HasRoomAsync"/>),
/// so it starts at once: Swarm retries a pending task only every few seconds (about 20 s measured on 20.10).
/// A job that no node could ever hold, or any job while no node is available, is dispatched anyway and waits
/// in Swarm as a pending task ("insufficient resources"). At most one dispatched job waits in Swarm at a time,
/// so Swarm never reorders the queue.
/// RestartPolicy none: jobs with on-failure restart respawn (moby/moby#42741, spec §5.3).
/// </remarks>
internal sealed class SwarmBackend : IDispatchBackend
{
    /// <summary>Label carrying the job id on the service (and its tasks' containers).</summary>
    public const string JobLabel = "clues.job.id";

    private readonly UpstreamClient _upstream;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<PlacementConstraint> _constraints;

    public SwarmBackend(UpstreamClient upstream, TimeProvider time, WrapperOptions options)
    {
        _upstream = upstream;
        _time = time;
        _constraints = options.PlacementConstraints;
    }

    public string Name => JobBackends.Swarm;

    /// <summary>The service name of a job: stable, so a repeated dispatch hits a name conflict instead of a second service.</summary>
    public static string ServiceName(Job job) => "clues-" + job.Id[..24];

    public async Task<(string UpstreamId, JobState State)> DispatchAsync(Job job, CancellationToken ct)
    {
        var spec = ServiceSpec(job, _constraints);
        try
        {
            var response = await _upstream.SendAsync("POST", "/services/create", spec, ct);
            if (response.IsSuccess)
            {
                return (response.Json()!["ID"]!.GetValue<string>(), JobState.Dispatched);
            }
            if (response.Status == 409)
            {
                var existing = await _upstream.SendAsync("GET", "/services/" + ServiceName(job), null, ct);
                if (existing.IsSuccess && existing.Json()?["Spec"]?["Labels"]?[JobLabel]?.GetValue<string>() == job.Id)
                {
                    return (existing.Json()!["ID"]!.GetValue<string>(), JobState.Dispatched);
                }
            }
            throw new DispatchException($"service create refused: {response.Message()}");
        }
        catch (UpstreamException ex)
        {
            throw new DispatchException(ex.Message, ex);
        }
    }

    /// <summary>Builds the ServiceSpec from the captured container create body.</summary>
    internal static JsonObject ServiceSpec(Job job, IReadOnlyList<PlacementConstraint> constraints)
    {
        var body = JsonNode.Parse(job.CreateBody) as JsonObject ?? [];
        var host = body["HostConfig"] as JsonObject;
        var labels = body["Labels"]?.DeepClone() as JsonObject ?? [];
        labels[JobLabel] = job.Id;
        var container = new JsonObject
        {
            ["Image"] = job.Image,
            ["Labels"] = labels.DeepClone(),
            ["TTY"] = job.Tty,
        };
        Copy(body, "Entrypoint", container, "Command");
        Copy(body, "Cmd", container, "Args");
        Copy(body, "Env", container, "Env");
        Copy(body, "WorkingDir", container, "Dir");
        Copy(body, "User", container, "User");
        Copy(body, "Hostname", container, "Hostname");
        var reservations = new JsonObject();
        var limits = new JsonObject();
        if (job.Cpus > 0)
        {
            reservations["NanoCPUs"] = (long)Math.Round(job.Cpus * 1e9);
        }
        if (job.MemoryBytes > 0)
        {
            reservations["MemoryBytes"] = job.MemoryBytes;
        }
        if (host?["Memory"] is JsonValue memory && memory.GetValue<long>() > 0)
        {
            limits["MemoryBytes"] = memory.GetValue<long>();
        }
        if (host?["NanoCpus"] is JsonValue nano && nano.GetValue<long>() > 0)
        {
            limits["NanoCPUs"] = nano.GetValue<long>();
        }
        return new JsonObject
        {
            ["Name"] = ServiceName(job),
            ["Labels"] = labels,
            ["TaskTemplate"] = new JsonObject
            {
                ["ContainerSpec"] = container,
                ["Resources"] = new JsonObject { ["Reservations"] = reservations, ["Limits"] = limits },
                ["RestartPolicy"] = new JsonObject { ["Condition"] = "none", ["MaxAttempts"] = 0 },
                ["Placement"] = new JsonObject
                {
                    ["Constraints"] = new JsonArray(constraints.Select(c => (JsonNode)c.ToString()).ToArray()),
                },
            },
            ["Mode"] = new JsonObject
            {
                ["ReplicatedJob"] = new JsonObject { ["MaxConcurrent"] = 1, ["TotalCompletions"] = 1 },
            },
        };
    }

    public async Task<IReadOnlyList<Job>> RefreshAsync(IReadOnlyList<Job> dispatched, CancellationToken ct)
    {
        if (dispatched.Count == 0)
        {
            return [];
        }
        var services = new JsonArray(dispatched.Select(j => (JsonNode?)j.UpstreamId).ToArray());
        var filters = new JsonObject { ["service"] = services }.ToJsonString();
        JsonArray tasks;
        Dictionary<string, string> hostnames;
        try
        {
            tasks = (await GetJsonAsync("/tasks?filters=" + Uri.EscapeDataString(filters), ct)) as JsonArray ?? [];
            hostnames = await NodeHostnamesAsync(ct);
        }
        catch (UpstreamException ex)
        {
            throw new DispatchException(ex.Message, ex);
        }
        var now = _time.GetUtcNow();
        var changed = new List<Job>();
        foreach (var job in dispatched)
        {
            var task = tasks.OfType<JsonObject>()
                .Where(t => t["ServiceID"]?.GetValue<string>() == job.UpstreamId)
                .OrderByDescending(t => t["Version"]?["Index"]?.GetValue<long>() ?? 0)
                .FirstOrDefault();
            if (task is null)
            {
                continue;
            }
            var updated = Apply(job, task, hostnames, now);
            if (updated != job)
            {
                changed.Add(updated);
            }
        }
        return changed;
    }

    /// <summary>Maps a task's state onto the job (spec §5.3 task states).</summary>
    internal static Job Apply(Job job, JsonObject task, IReadOnlyDictionary<string, string> hostnames, DateTimeOffset now)
    {
        var status = task["Status"] as JsonObject;
        var state = status?["State"]?.GetValue<string>() ?? "";
        var nodeId = task["NodeID"]?.GetValue<string>();
        var node = nodeId is not null && hostnames.TryGetValue(nodeId, out var h) ? h : job.Node;
        int? exitCode = status?["ContainerStatus"]?["ExitCode"] is JsonValue code ? code.GetValue<int>() : null;
        var err = status?["Err"]?.GetValue<string>();
        switch (state)
        {
            case "running":
                return job.State == JobState.Running ? job : job with { State = JobState.Running, Node = node, StartedAt = job.StartedAt ?? now };
            case "complete":
                return job with { State = JobState.Finished, Node = node, ExitCode = exitCode ?? 0, StartedAt = job.StartedAt ?? now, FinishedAt = now };
            case "failed" or "rejected" or "shutdown" or "orphaned" or "remove":
                return job with { State = JobState.Failed, Node = node, ExitCode = exitCode, Error = err ?? "task " + state, FinishedAt = now };
            default:
                var message = err ?? status?["Message"]?.GetValue<string>();
                return job.Error == message ? job : job with { Error = message };
        }
    }

    public async Task<bool> HasRoomAsync(Job next, IReadOnlyList<Job> inFlight, CancellationToken ct)
    {
        if (inFlight.Any(j => j.State == JobState.Dispatched))
        {
            return false;
        }
        JsonArray nodes, tasks;
        try
        {
            nodes = await GetJsonAsync("/nodes", ct) as JsonArray ?? [];
            tasks = await GetJsonAsync("/tasks?filters=" + Uri.EscapeDataString("""{"desired-state":["running"]}"""), ct) as JsonArray ?? [];
        }
        catch (UpstreamException ex)
        {
            throw new DispatchException(ex.Message, ex);
        }
        return Fits(next, nodes, tasks, _constraints);
    }

    /// <summary>
    /// True when a ready, active node that meets the placement constraints has the job's reservations free, or when
    /// no such node could ever hold it (or none is available), so that Swarm queues it and reports the shortage.
    /// </summary>
    internal static bool Fits(Job job, JsonArray nodes, JsonArray tasks, IReadOnlyList<PlacementConstraint> constraints)
    {
        var wantCpu = (long)Math.Round(job.Cpus * 1e9);
        var available = nodes.OfType<JsonObject>()
            .Where(n => n["Status"]?["State"]?.GetValue<string>() == "ready" && n["Spec"]?["Availability"]?.GetValue<string>() == "active")
            .Where(n => constraints.All(c => c.Matches(n)))
            .ToList();
        var couldEverFit = false;
        foreach (var node in available)
        {
            var id = node["ID"]!.GetValue<string>();
            var cpu = node["Description"]?["Resources"]?["NanoCPUs"]?.GetValue<long>() ?? 0;
            var memory = node["Description"]?["Resources"]?["MemoryBytes"]?.GetValue<long>() ?? 0;
            if (cpu < wantCpu || memory < job.MemoryBytes)
            {
                continue;
            }
            couldEverFit = true;
            foreach (var task in tasks.OfType<JsonObject>().Where(t => t["NodeID"]?.GetValue<string>() == id))
            {
                var state = task["Status"]?["State"]?.GetValue<string>();
                if (state is "complete" or "failed" or "shutdown" or "rejected" or "orphaned" or "remove")
                {
                    continue;
                }
                var reservations = task["Spec"]?["Resources"]?["Reservations"];
                cpu -= reservations?["NanoCPUs"]?.GetValue<long>() ?? 0;
                memory -= reservations?["MemoryBytes"]?.GetValue<long>() ?? 0;
            }
            if (cpu >= wantCpu && memory >= job.MemoryBytes)
            {
                return true;
            }
        }
        return !couldEverFit;
    }

    public async Task CleanupAsync(Job job, CancellationToken ct)
    {
        if (job.UpstreamId is not null)
        {
            await _upstream.SendAsync("DELETE", "/services/" + job.UpstreamId, null, ct);
        }
    }

    /// <summary>Swarm node id → hostname.</summary>
    public async Task<Dictionary<string, string>> NodeHostnamesAsync(CancellationToken ct)
    {
        var nodes = await GetJsonAsync("/nodes", ct) as JsonArray ?? [];
        return nodes.OfType<JsonObject>().ToDictionary(
            n => n["ID"]!.GetValue<string>(),
            n => n["Description"]?["Hostname"]?.GetValue<string>() ?? n["ID"]!.GetValue<string>());
    }

    private async Task<JsonNode?> GetJsonAsync(string path, CancellationToken ct)
    {
        var response = await _upstream.SendAsync("GET", path, null, ct);
        if (!response.IsSuccess)
        {
            throw new UpstreamException($"GET {path}: {response.Message()}");
        }
        return response.Json();
    }

    private static void Copy(JsonObject from, string fromName, JsonObject to, string toName)
    {
        if (from[fromName] is { } value && value.GetValueKind() != System.Text.Json.JsonValueKind.Null)
        {
            to[toName] = value.DeepClone();
        }
    }
}
