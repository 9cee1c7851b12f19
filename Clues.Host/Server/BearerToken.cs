using Microsoft.AspNetCore.Http;

namespace Clues.Host.Server;

/// <summary>The secret of the JSON API and <c>/metrics</c>, sent as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal static class BearerToken
{
    /// <summary>The token, or empty when there is none (which matches an empty configured secret).</summary>
    public static string Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : "";
    }
}
