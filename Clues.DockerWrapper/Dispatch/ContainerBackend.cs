using System.Text.Json.Nodes;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;

namespace Clues.DockerWrapper.Dispatch;

/// <summary>Runs each job as a plain container on the upstream engine (create + start, as the CLI would have).</summary>
/// <remarks>
/// FIX (spec §1.2): the thesis created the container and never started it, and ignored a failed create.
/// AutoRemove (<c>--rm</c>) is taken off so the exit code can still be read; the container is removed when the
/// finished job is forgotten.
/// </remarks>
internal sealed class ContainerBackend : IDispatchBackend
{
    private readonly UpstreamClient _upstream;
    private readonly WrapperOptions _options;
    private readonly TimeProvider _time;

    public ContainerBackend(UpstreamClient upstream, WrapperOptions options, TimeProvider time)
    {
        _upstream = upstream;
        _options = options;
        _time = time;
    }

    public string Name => JobBackends.Container;

    /// <summary>The upstream container name: the client's <c>--name</c>, else one derived from the job id.</summary>
    public static string ContainerName(Job job) => job.Name ?? "clues-" + job.Id[..24];

    public async Task<(string UpstreamId, JobState State)> DispatchAsync(Job job, CancellationToken ct)
    {
        var body = JsonNode.Parse(job.CreateBody) as JsonObject ?? [];
        var labels = body["Labels"] as JsonObject ?? [];
        labels[SwarmBackend.JobLabel] = job.Id;
        body["Labels"] = labels;
        if (body["HostConfig"] is JsonObject host)
        {
            host["AutoRemove"] = false;
        }
        try
        {
            var name = Uri.EscapeDataString(ContainerName(job));
            var created = await _upstream.SendAsync("POST", "/containers/create?name=" + name, body, ct);
            string id;
            if (created.IsSuccess)
            {
                id = created.Json()!["Id"]!.GetValue<string>();
            }
            else if (created.Status == 409
                && await _upstream.SendAsync("GET", $"/containers/{name}/json", null, ct) is { IsSuccess: true } existing
                && existing.Json()?["Config"]?["Labels"]?[SwarmBackend.JobLabel]?.GetValue<string>() == job.Id)
            {
                id = existing.Json()!["Id"]!.GetValue<string>();
            }
            else
            {
                throw new DispatchException($"container create refused: {created.Message()}");
            }
            var started = await _upstream.SendAsync("POST", $"/containers/{id}/start", null, ct);
            if (!started.IsSuccess && started.Status != 304)
            {
                throw new DispatchException($"container start refused: {started.Message()}");
            }
            return (id, JobState.Running);
        }
        catch (UpstreamException ex)
        {
            throw new DispatchException(ex.Message, ex);
        }
    }

    public async Task<IReadOnlyList<Job>> RefreshAsync(IReadOnlyList<Job> dispatched, CancellationToken ct)
    {
        var changed = new List<Job>();
        var now = _time.GetUtcNow();
        foreach (var job in dispatched)
        {
            UpstreamResponse response;
            try
            {
                response = await _upstream.SendAsync("GET", $"/containers/{job.UpstreamId}/json", null, ct);
            }
            catch (UpstreamException ex)
            {
                throw new DispatchException(ex.Message, ex);
            }
            Job updated;
            if (response.Status == 404)
            {
                updated = job with { State = JobState.Failed, Error = "the container was removed", FinishedAt = now };
            }
            else if (response.Json()?["State"] is JsonObject state)
            {
                var status = state["Status"]?.GetValue<string>();
                var exit = state["ExitCode"]?.GetValue<int>() ?? 0;
                updated = status switch
                {
                    "running" or "paused" or "restarting" => job.State == JobState.Running ? job : job with { State = JobState.Running, StartedAt = now },
                    "exited" or "dead" => job with
                    {
                        State = exit == 0 ? JobState.Finished : JobState.Failed,
                        ExitCode = exit,
                        FinishedAt = now,
                        Error = state["Error"]?.GetValue<string>() is { Length: > 0 } e ? e : job.Error,
                    },
                    _ => job,
                };
            }
            else
            {
                continue;
            }
            if (updated != job)
            {
                changed.Add(updated);
            }
        }
        return changed;
    }

    public Task<bool> HasRoomAsync(Job next, IReadOnlyList<Job> inFlight, CancellationToken ct) =>
        Task.FromResult(_options.MaxRunning <= 0 || inFlight.Count < _options.MaxRunning);

    public async Task CleanupAsync(Job job, CancellationToken ct)
    {
        var autoRemove = (JsonNode.Parse(job.CreateBody)?["HostConfig"]?["AutoRemove"] as JsonValue)?.GetValue<bool>() ?? false;
        if (autoRemove && job.UpstreamId is not null)
        {
            await _upstream.SendAsync("DELETE", $"/containers/{job.UpstreamId}?force=1", null, ct);
        }
    }
}
