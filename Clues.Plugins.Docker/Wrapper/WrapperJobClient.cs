using System.Net.Http.Json;
using System.Text.Json;

namespace Clues.Plugins.Docker.Wrapper;

/// <summary>Reads <c>GET &lt;DOCKER_SERVER&gt;/jobs/list</c> from the docker-wrapper.</summary>
internal sealed class WrapperJobClient(HttpClient http, Uri server) : IWrapperJobSource
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public Uri JobsUri { get; } = new(server, "jobs/list");

    /// <summary>A job source for <c>DOCKER_SERVER</c> (<see cref="WrapperHttp"/>); the caller disposes <paramref name="http"/>.</summary>
    public static WrapperJobClient Create(Uri server, out HttpClient http)
    {
        http = WrapperHttp.CreateClient(server, Timeout.InfiniteTimeSpan, out var baseAddress);
        return new WrapperJobClient(http, baseAddress);
    }

    public async Task<IReadOnlyList<WrapperJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(JobsUri, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"docker-wrapper {JobsUri} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        var jobs = await response.Content.ReadFromJsonAsync<List<WrapperJob>>(JsonOptions, cancellationToken).ConfigureAwait(false);
        // FIX (spec docker §1.3): "[]" is a valid empty list; only a body that is not a list is an error.
        return jobs ?? throw new JsonException($"docker-wrapper {JobsUri} sent 'null' instead of a job list");
    }
}
