using System.Text.Json.Nodes;
using Clues.DockerWrapper.Jobs;

namespace Clues.DockerWrapper.Api;

/// <summary>The JSON shapes in which jobs are shown: container inspect, <c>docker ps</c> rows, <c>/jobs/list</c> entries.</summary>
internal static class JobViews
{
    private const string NoTime = "0001-01-01T00:00:00Z";

    /// <summary>The status word of <c>/jobs/list</c> (docs/wrapper-api.md).</summary>
    public static string ApiStatus(Job job) => job.State switch
    {
        JobState.Running => "attended",
        JobState.Finished => "finished",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        JobState.Created => "created",
        _ => "pending",
    };

    /// <summary>Docker's container state word.</summary>
    public static string DockerState(Job job) => job.State switch
    {
        JobState.Running => "running",
        JobState.Finished or JobState.Failed => "exited",
        JobState.Cancelled => "dead",
        _ => "created",
    };

    public static string DisplayName(Job job) => job.Name ?? "clues-" + job.Id[..12];

    /// <summary>One <c>/jobs/list</c> entry.</summary>
    public static JsonObject ListEntry(Job job) => new()
    {
        ["Id"] = job.Id,
        ["Status"] = ApiStatus(job),
        ["Image"] = job.Image,
        ["Cpus"] = job.Cpus,
        ["MemoryBytes"] = job.MemoryBytes,
        ["Node"] = job.Node,
        ["Submitted"] = JobStore.ToUnix(job.Submitted),
        ["Name"] = job.Name,
        ["Service"] = job.Backend == Dispatch.JobBackends.Swarm ? job.UpstreamId : null,
        ["ExitCode"] = job.ExitCode,
        ["State"] = ApiState(job),
    };

    /// <summary>The finer state word of <c>/jobs/list</c>: the job's <see cref="JobState"/> in lower case.</summary>
    public static string ApiState(Job job) => job.State.ToString().ToLowerInvariant();

    /// <summary>A <c>docker ps</c> row.</summary>
    public static JsonObject Summary(Job job)
    {
        var config = Config(job);
        return new JsonObject
        {
            ["Id"] = job.Id,
            ["Names"] = new JsonArray("/" + DisplayName(job)),
            ["Image"] = job.Image,
            ["ImageID"] = "",
            ["Command"] = string.Join(' ', ((config["Entrypoint"] as JsonArray) ?? []).Concat((config["Cmd"] as JsonArray) ?? []).Select(n => n?.ToString())),
            ["Created"] = job.Submitted.ToUnixTimeSeconds(),
            ["State"] = DockerState(job),
            ["Status"] = StatusText(job),
            ["Ports"] = new JsonArray(),
            ["Labels"] = config["Labels"]?.DeepClone() ?? new JsonObject(),
            ["HostConfig"] = new JsonObject { ["NetworkMode"] = "default" },
            ["NetworkSettings"] = new JsonObject { ["Networks"] = new JsonObject() },
            ["Mounts"] = new JsonArray(),
        };
    }

    /// <summary>The body of <c>GET /containers/{id}/json</c> for a job.</summary>
    public static JsonObject Inspect(Job job)
    {
        var config = Config(job);
        var host = config["HostConfig"]?.DeepClone() ?? new JsonObject();
        config.Remove("HostConfig");
        config.Remove("NetworkingConfig");
        return new JsonObject
        {
            ["Id"] = job.Id,
            ["Created"] = job.Submitted.UtcDateTime.ToString("O"),
            ["Path"] = "",
            ["Args"] = new JsonArray(),
            ["State"] = new JsonObject
            {
                ["Status"] = DockerState(job),
                ["Running"] = job.State == JobState.Running,
                ["Paused"] = false,
                ["Restarting"] = false,
                ["OOMKilled"] = false,
                ["Dead"] = job.State == JobState.Cancelled,
                ["Pid"] = 0,
                ["ExitCode"] = job.ExitCode ?? 0,
                ["Error"] = job.Error ?? "",
                ["StartedAt"] = job.StartedAt?.UtcDateTime.ToString("O") ?? NoTime,
                ["FinishedAt"] = job.FinishedAt?.UtcDateTime.ToString("O") ?? NoTime,
            },
            ["Image"] = job.Image,
            ["Name"] = "/" + DisplayName(job),
            ["RestartCount"] = 0,
            ["Config"] = config,
            ["HostConfig"] = host,
            ["Mounts"] = new JsonArray(),
            ["NetworkSettings"] = new JsonObject { ["Networks"] = new JsonObject() },
            ["Clues"] = ListEntry(job),
        };
    }

    private static string StatusText(Job job) => job.State switch
    {
        JobState.Created => "Created (docker-wrapper job)",
        JobState.Running => $"Up (job on {job.Node ?? "a node"})",
        JobState.Finished or JobState.Failed => $"Exited ({job.ExitCode ?? -1})",
        JobState.Cancelled => "Cancelled",
        _ => "Pending (queued by docker-wrapper)",
    };

    private static JsonObject Config(Job job)
    {
        try
        {
            return JsonNode.Parse(job.CreateBody) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
