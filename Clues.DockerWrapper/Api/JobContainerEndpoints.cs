using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Clues.DockerWrapper.Dispatch;
using Clues.DockerWrapper.Jobs;
using Clues.DockerWrapper.Proxy;
using Clues.DockerWrapper.Proxy.Http11;
using Clues.DockerWrapper.Routing;
using Microsoft.Extensions.Logging;

namespace Clues.DockerWrapper.Api;

/// <summary>
/// Makes a captured job look like a container to the docker CLI: create (201 with the job id), start (204,
/// queues it), inspect, wait, logs, attach, resize, kill/stop/rm, and the job rows of <c>docker ps</c>.
/// </summary>
/// <remarks>
/// FIX (spec §1.2): the thesis answered create with 200 and a fixed fake id and anything else on it with 204;
/// here each job has its own id and the attached <c>docker run</c> gets its output and exit code.
/// Once a container-mode job is dispatched it is a real container, and requests go to it (see
/// <see cref="ForwardsToContainer"/>).
/// </remarks>
internal sealed partial class JobContainerEndpoints
{
    private const long MaxCreateBody = 4 * 1024 * 1024;

    /// <summary>How long the job's output may trail its end in Swarm's log stream.</summary>
    private static readonly TimeSpan s_logSettle = TimeSpan.FromSeconds(1);

    private readonly JobStore _store;
    private readonly UpstreamClient _upstream;
    private readonly TimeProvider _time;
    private readonly ILogger<JobContainerEndpoints> _logger;

    public JobContainerEndpoints(JobStore store, UpstreamClient upstream, TimeProvider time, ILogger<JobContainerEndpoints> logger)
    {
        _store = store;
        _upstream = upstream;
        _time = time;
        _logger = logger;
    }

    /// <summary>True when the job is a real container upstream and requests about it are forwarded.</summary>
    public static bool ForwardsToContainer(Job job) => job.Backend == JobBackends.Container && job.UpstreamId is not null;

    /// <summary>Replaces the container reference in a request target by the upstream container id.</summary>
    public static string RewriteTarget(string target, Route route, string upstreamId)
    {
        var marker = "/containers/";
        var at = target.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = target.IndexOfAny(['/', '?'], at);
        return target[..at] + upstreamId + (end < 0 ? "" : target[end..]);
    }

    /// <summary>POST /containers/create: store the job durably, then answer 201 with its id.</summary>
    /// <exception cref="InvalidDataException">The body is malformed or over <see cref="MaxCreateBody"/>.</exception>
    public async Task<bool> CreateAsync(HttpConnection client, HttpHead request, Route route, CancellationToken ct)
    {
        // Over the limit, whatever the framing, throws: the server answers 400 and closes.
        var body = await client.ReadBodyAsync(request, request.RequestFraming(), MaxCreateBody, ct);
        JobSpec spec;
        try
        {
            spec = JobSpecParser.Parse(body);
        }
        catch (JobSpecException ex)
        {
            await ResponseWriter.ErrorAsync(client.Stream, 400, ex.Message, ct);
            return true;
        }
        if (spec.InteractiveStdin)
        {
            await ResponseWriter.ErrorAsync(client.Stream, 400,
                "docker-wrapper: interactive input (-i) cannot be given to a queued job; run it without -i (use -d, or pipe input through a file in the image)", ct);
            return true;
        }
        var name = RequestRouter.QueryValue(route.Query, "name");
        if (!string.IsNullOrEmpty(name) && _store.Resolve(name) is { IsActive: true } clash)
        {
            await ResponseWriter.ErrorAsync(client.Stream, 409,
                $"Conflict. The container name \"/{name}\" is already in use by job \"{clash.Id}\". You have to remove (or rename) it to be able to reuse that name.", ct);
            return true;
        }
        var job = _store.Add(new Job
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            State = JobState.Created,
            Name = string.IsNullOrEmpty(name) ? null : name,
            Image = spec.Image,
            Cpus = spec.Cpus,
            MemoryBytes = spec.MemoryBytes,
            Tty = spec.Tty,
            CreateBody = System.Text.Encoding.UTF8.GetString(body),
            Submitted = _time.GetUtcNow(),
        });
        Log.JobCreated(_logger, job.Id, job.Image, job.Cpus, job.MemoryBytes);
        await ResponseWriter.JsonAsync(client.Stream, 201, new JsonObject { ["Id"] = job.Id, ["Warnings"] = new JsonArray() }, ct);
        return true;
    }

    /// <summary>GET /containers/json: the engine's list, plus jobs that are not (yet) containers there.</summary>
    public async Task<bool> ListAsync(HttpConnection client, HttpHead request, CancellationToken ct)
    {
        if (await SendOrReportAsync(client, "GET", request.Target, ct) is not { } response)
        {
            return true;
        }
        if (!response.IsSuccess || response.Json() is not JsonArray list)
        {
            await ResponseWriter.WriteAsync(client.Stream, response.Status, "application/json", response.Body, false, ct);
            return true;
        }
        var all = RequestRouter.QueryFlag(RequestRouter.Decide("GET", request.Target).Query, "all");
        foreach (var job in _store.List())
        {
            if (!ForwardsToContainer(job) && (all || job.IsActive) && job.State != JobState.Cancelled)
            {
                list.Add(JobViews.Summary(job));
            }
        }
        await ResponseWriter.JsonAsync(client.Stream, 200, list, ct);
        return true;
    }

    /// <summary>DELETE of a container-mode job: remove the container, then forget the job.</summary>
    public async Task<bool> RemoveContainerJobAsync(HttpConnection client, HttpHead rewritten, Job job, CancellationToken ct)
    {
        if (await SendOrReportAsync(client, "DELETE", rewritten.Target, ct) is not { } response)
        {
            return true;
        }
        if (response.IsSuccess || response.Status == 404)
        {
            _store.Delete(job.Id);
            await ResponseWriter.NoContentAsync(client.Stream, ct);
            return true;
        }
        await ResponseWriter.WriteAsync(client.Stream, response.Status, "application/json", response.Body, false, ct);
        return true;
    }

    /// <summary>Any other request about a job that is not a container upstream.</summary>
    public async Task<bool> HandleAsync(HttpConnection client, HttpHead request, Route route, Job job, CancellationToken ct)
    {
        // These requests carry no meaningful body; consume it so the connection stays usable.
        await client.ReadBodyAsync(request, request.RequestFraming(), MaxCreateBody, ct);
        switch (request.Method, route.Action)
        {
            case ("GET" or "HEAD", "json"):
                await ResponseWriter.JsonAsync(client.Stream, 200, JobViews.Inspect(job), ct, request.Method == "HEAD");
                return true;
            case ("POST", "start"):
                return await StartAsync(client, job, ct);
            case ("POST", "wait"):
                return await WaitAsync(client, job, ct);
            case ("GET", "logs"):
                return await LogsAsync(client, job, route, ct);
            case ("POST", "attach"):
                await AttachAsync(client, job, ct);
                return false;
            case ("POST", "resize"):
                await ResponseWriter.WriteAsync(client.Stream, 200, "text/plain", [], false, ct);
                return true;
            case ("DELETE", ""):
            case ("POST", "kill" or "stop"):
                return await CancelAsync(client, job, request.Method == "DELETE", ct);
            default:
                await ResponseWriter.ErrorAsync(client.Stream, 409,
                    $"docker-wrapper: container {job.Id} is a job ({JobViews.ApiStatus(job)}); '{request.Method} {route.Action}' is not available for jobs", ct);
                return true;
        }
    }

    private async Task<bool> StartAsync(HttpConnection client, Job job, CancellationToken ct)
    {
        if (job.State != JobState.Created)
        {
            await ResponseWriter.WriteAsync(client.Stream, 304, "", [], false, ct);
            return true;
        }
        _store.Update(job with { State = JobState.Queued });
        Log.JobQueued(_logger, job.Id);
        await ResponseWriter.NoContentAsync(client.Stream, ct);
        return true;
    }

    /// <summary>Long poll: headers at once (the CLI then starts the job), the exit code when it ends.</summary>
    private async Task<bool> WaitAsync(HttpConnection client, Job job, CancellationToken ct)
    {
        await ResponseWriter.StartChunkedAsync(client.Stream, 200, "application/json", ct);
        var ended = await WaitForAsync(job.Id, j => !j.IsActive, ct) ?? job with { State = JobState.Cancelled };
        var result = new JsonObject
        {
            ["StatusCode"] = ended.ExitCode ?? (ended.State == JobState.Cancelled ? 137 : 125),
            ["Error"] = ended.State == JobState.Failed && ended.ExitCode is null
                ? new JsonObject { ["Message"] = ended.Error ?? "the job failed" }
                : null,
        };
        await ResponseWriter.WriteChunkAsync(client.Stream, System.Text.Encoding.UTF8.GetBytes(result.ToJsonString() + "\n"), ct);
        await ResponseWriter.EndChunkedAsync(client.Stream, ct);
        return true;
    }

    private async Task<bool> LogsAsync(HttpConnection client, Job job, Route route, CancellationToken ct)
    {
        var follow = RequestRouter.QueryFlag(route.Query, "follow");
        await ResponseWriter.StartChunkedAsync(client.Stream, 200,
            job.Tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream", ct);
        if (follow)
        {
            job = await WaitForAsync(job.Id, j => j.State is JobState.Running || !j.IsActive, ct) ?? job;
        }
        if (job.UpstreamId is not null)
        {
            await using var sink = new ChunkedWriteStream(client.Stream);
            await CopyOutputAsync(job, follow && job.IsActive, sink, ct);
        }
        await ResponseWriter.EndChunkedAsync(client.Stream, ct);
        return true;
    }

    /// <summary>Hijacks at once (the CLI attaches before it starts), then streams the output once the job runs.</summary>
    private async Task AttachAsync(HttpConnection client, Job job, CancellationToken ct)
    {
        await ResponseWriter.UpgradeAsync(client.Stream, job.Tty, ct);
        try
        {
            var current = await WaitForAsync(job.Id, j => j.State is JobState.Running || !j.IsActive, ct);
            if (current?.UpstreamId is not null)
            {
                await CopyOutputAsync(current, current.IsActive, client.Stream, ct);
            }
        }
        catch (UpstreamException ex)
        {
            Log.OutputFailed(_logger, job.Id, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // The client went away.
        }
        await client.ShutdownWriteAsync();
    }

    private async Task<bool> CancelAsync(HttpConnection client, Job job, bool remove, CancellationToken ct)
    {
        if (job.UpstreamId is not null && job.Backend == JobBackends.Swarm)
        {
            var response = await SendOrReportAsync(client, "DELETE", $"/services/{job.UpstreamId}", ct);
            if (response is null)
            {
                return true;
            }
            if (!response.IsSuccess && response.Status != 404)
            {
                await ResponseWriter.ErrorAsync(client.Stream, response.Status, response.Message(), ct);
                return true;
            }
        }
        if (remove && !job.IsActive)
        {
            _store.Delete(job.Id);
        }
        else if (job.IsActive)
        {
            _store.Update(job with { State = JobState.Cancelled, FinishedAt = _time.GetUtcNow() });
            Log.JobCancelled(_logger, job.Id);
        }
        await ResponseWriter.NoContentAsync(client.Stream, ct);
        return true;
    }

    /// <summary>Calls the engine; when it cannot be reached, answers the client 502 and returns null.</summary>
    private async Task<UpstreamResponse?> SendOrReportAsync(HttpConnection client, string method, string target, CancellationToken ct)
    {
        try
        {
            return await _upstream.SendAsync(method, target, null, ct);
        }
        catch (UpstreamException ex)
        {
            await ResponseWriter.ErrorAsync(client.Stream, 502, "docker-wrapper: " + ex.Message, ct);
            return null;
        }
    }

    /// <summary>Waits until the stored job satisfies a condition; null when it was deleted.</summary>
    private async Task<Job?> WaitForAsync(string id, Func<Job, bool> condition, CancellationToken ct)
    {
        while (true)
        {
            var changed = _store.Signal.NextAsync();
            var job = _store.Get(id);
            if (job is null || condition(job))
            {
                return job;
            }
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(1), _time, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Copies the job's output stream (multiplexed, or raw with a TTY) to <paramref name="sink"/>.
    /// A container's log stream ends by itself when it exits. Swarm's service log stream does not, so it is
    /// followed until the job ends, then the complete log is read once more and only what was not sent yet is
    /// added, so nothing that trailed the end is lost.
    /// </summary>
    private async Task CopyOutputAsync(Job job, bool follow, Stream sink, CancellationToken ct)
    {
        var resource = job.Backend == JobBackends.Swarm ? "services" : "containers";
        var path = $"/{resource}/{job.UpstreamId}/logs?stdout=1&stderr=1";
        if (!follow || job.Backend != JobBackends.Swarm)
        {
            await CopyUpstreamBodyAsync(path + (follow ? "&follow=1" : ""), sink, ct);
            return;
        }
        var counting = new CountingStream(sink);
        using (var cutoff = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var ended = WaitForAsync(job.Id, j => !j.IsActive, ct)
                .ContinueWith(_ => cutoff.CancelAfter(s_logSettle), TaskScheduler.Default);
            try
            {
                await CopyUpstreamBodyAsync(path + "&follow=1", counting, cutoff.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The job ended: the follow stream is cut here and completed below.
            }
            await ended;
        }
        using var complete = new MemoryStream();
        await CopyUpstreamBodyAsync(path, complete, ct);
        if (complete.Length > counting.Written)
        {
            await sink.WriteAsync(complete.GetBuffer().AsMemory((int)counting.Written, (int)(complete.Length - counting.Written)), ct);
            await sink.FlushAsync(ct);
        }
    }

    private async Task CopyUpstreamBodyAsync(string path, Stream sink, CancellationToken ct)
    {
        var (connection, head) = await _upstream.OpenAsync("GET", path, null, ct);
        await using (connection)
        {
            if (head.StatusCode != 200)
            {
                var body = await connection.ReadBodyAsync(head, head.ResponseFraming("GET"), 1 << 20, ct);
                throw new UpstreamException($"GET {path}: {new UpstreamResponse(head.StatusCode, body).Message()}");
            }
            try
            {
                await connection.CopyBodyAsync(head, head.ResponseFraming("GET"), sink, decode: true, ct);
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                throw new UpstreamException($"GET {path}: {ex.Message}", ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Job {JobId} captured: image {Image}, {Cpus} CPUs, {Memory} bytes")]
        public static partial void JobCreated(ILogger logger, string jobId, string image, double cpus, long memory);

        [LoggerMessage(11, LogLevel.Information, "Job {JobId} queued")]
        public static partial void JobQueued(ILogger logger, string jobId);

        [LoggerMessage(12, LogLevel.Information, "Job {JobId} cancelled by the client")]
        public static partial void JobCancelled(ILogger logger, string jobId);

        [LoggerMessage(13, LogLevel.Warning, "Output of job {JobId} could not be read: {Reason}")]
        public static partial void OutputFailed(ILogger logger, string jobId, string reason);
    }
}
