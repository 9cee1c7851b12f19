using Clues.Core.Http;
using Clues.Plugins.OpenNebula.Api;

namespace Clues.Plugins.OpenNebula;

/// <summary>The HTTP client of an OpenNebula connection.</summary>
internal static class OneHttp
{
    /// <summary>
    /// A client for <paramref name="connection"/>. It has no timeout of its own: each XML-RPC call is bounded by the
    /// connection's timeout on the plugin's clock.
    /// </summary>
    public static HttpClient Create(OneConnection connection) => RestClientFactory.Create(new RestClientOptions
    {
        BaseAddress = connection.Endpoint,
        Timeout = Timeout.InfiniteTimeSpan,
        ConnectTimeout = connection.Timeout < TimeSpan.FromSeconds(10) ? connection.Timeout : TimeSpan.FromSeconds(10),
    });
}
