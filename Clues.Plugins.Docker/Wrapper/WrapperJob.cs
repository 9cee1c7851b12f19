using System.Text.Json.Serialization;

namespace Clues.Plugins.Docker.Wrapper;

/// <summary>One entry of the docker-wrapper's <c>GET /jobs/list</c>.</summary>
/// <param name="Id">The 64-hex job id (the container id the client saw).</param>
/// <param name="Status">pending, attended, finished, failed or cancelled (see <see cref="WrapperJobStatus"/>).</param>
/// <param name="Image">The image.</param>
/// <param name="Cpus">CPUs asked for.</param>
/// <param name="MemoryBytes">Memory asked for, bytes.</param>
/// <param name="Node">The hostname of the node it runs on, once placed.</param>
/// <param name="Submitted">Submission time, Unix seconds.</param>
/// <param name="Name">The <c>--name</c>, if any.</param>
/// <param name="Service">The Swarm service id the wrapper created for it, if any.</param>
/// <param name="ExitCode">The exit code once finished.</param>
/// <param name="State">
/// The wrapper's finer state (<c>created</c>, <c>queued</c>, <c>dispatching</c>, <c>dispatched</c>, <c>running</c>,
/// <c>finished</c>, <c>failed</c>, <c>cancelled</c>); absent from wrappers that predate it.
/// </param>
internal sealed record WrapperJob(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("Image")] string? Image,
    [property: JsonPropertyName("Cpus")] double Cpus,
    [property: JsonPropertyName("MemoryBytes")] long MemoryBytes,
    [property: JsonPropertyName("Node")] string? Node,
    [property: JsonPropertyName("Submitted")] double Submitted,
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Service")] string? Service,
    [property: JsonPropertyName("ExitCode")] int? ExitCode,
    [property: JsonPropertyName("State")] string? State = null);
