using System.Text.RegularExpressions;

namespace Clues.DockerWrapper.Routing;

/// <summary>Decides, from method and target alone, whether a request is captured, served or forwarded.</summary>
/// <remarks>
/// FIX (spec §1.2): the thesis matched substrings anywhere in the path (so any POST containing <c>//</c> got a
/// fake 204). Here the version prefix is stripped and whole path segments are compared.
/// </remarks>
internal static partial class RequestRouter
{
    /// <summary>Container paths that are collections, not a container reference.</summary>
    private static readonly HashSet<string> s_collectionSegments = ["create", "json", "prune"];

    public static Route Decide(string method, string target)
    {
        var queryAt = target.IndexOf('?');
        var rawPath = queryAt >= 0 ? target[..queryAt] : target;
        var query = queryAt >= 0 ? target[(queryAt + 1)..] : "";
        var match = VersionPrefix().Match(rawPath);
        var path = match.Success ? match.Groups[1].Value : rawPath;

        if (method is "GET" or "HEAD")
        {
            switch (path)
            {
                case "/jobs/num":
                    return new Route(RouteKind.JobsCount, path, query);
                case "/jobs/list":
                    return new Route(RouteKind.JobsList, path, query);
                case "/nodes/list":
                    return new Route(RouteKind.NodesList, path, query);
                case "/containers/json":
                    return new Route(method == "GET" ? RouteKind.ListContainers : RouteKind.PassThrough, path, query);
            }
        }
        if (method == "POST" && path == "/containers/create")
        {
            return new Route(RouteKind.CreateContainer, path, query);
        }
        if (path.StartsWith("/containers/", StringComparison.Ordinal))
        {
            var rest = path["/containers/".Length..].Split('/', 2);
            var reference = Uri.UnescapeDataString(rest[0]);
            if (reference.Length > 0 && !s_collectionSegments.Contains(reference))
            {
                return new Route(RouteKind.Container, path, query, reference, rest.Length > 1 ? rest[1] : "");
            }
        }
        return new Route(RouteKind.PassThrough, path, query);
    }

    /// <summary>Reads one query parameter (first occurrence), unescaped; null when absent.</summary>
    public static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = eq >= 0 ? pair[..eq] : pair;
            if (key == name)
            {
                return eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')) : "";
            }
        }
        return null;
    }

    /// <summary>True for the Docker API's boolean query values (<c>1</c>, <c>true</c>, <c>True</c>).</summary>
    public static bool QueryFlag(string query, string name) =>
        QueryValue(query, name) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^/v[0-9]+(?:\.[0-9]+)?(/.*)$")]
    private static partial Regex VersionPrefix();
}
