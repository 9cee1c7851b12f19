namespace Clues.DockerWrapper.Routing;

/// <summary>Decides, from method and target alone, whether a request is captured, served or forwarded.</summary>
/// <remarks>
/// FIX (spec §1.2): the thesis matched substrings anywhere in the path (so any POST containing <c>//</c> got a
/// fake 204). Here the target is normalised (<see cref="RequestTarget"/>), the version prefix is stripped and
/// whole decoded path segments are compared; what is forwarded is the normalised target that was routed.
/// </remarks>
internal static class RequestRouter
{
    /// <summary>Container paths that are collections, not a container reference.</summary>
    private static readonly HashSet<string> s_collectionSegments = ["create", "json", "prune"];

    /// <summary>Routes a request on its normalised target (<see cref="RequestTarget"/>).</summary>
    /// <exception cref="InvalidDataException">The target is ambiguous or not a path; the client gets a 400.</exception>
    public static Route Decide(string method, string target)
    {
        var normalised = RequestTarget.Parse(target);
        var path = normalised.Path;
        var query = normalised.Query;
        var segments = normalised.Segments;
        Route Make(RouteKind kind, string? reference = null, string? action = null) =>
            new(kind, path, query, normalised.Target, reference, action);

        if (method is "GET" or "HEAD")
        {
            switch (path)
            {
                case "/jobs/num":
                    return Make(RouteKind.JobsCount);
                case "/jobs/list":
                    return Make(RouteKind.JobsList);
                case "/nodes/list":
                    return Make(RouteKind.NodesList);
                case "/metrics":
                    return Make(RouteKind.Metrics);
                case "/containers/json":
                    return Make(method == "GET" ? RouteKind.ListContainers : RouteKind.PassThrough);
            }
        }
        if (method == "POST" && path == "/containers/create")
        {
            return Make(RouteKind.CreateContainer);
        }
        if (segments.Count >= 2 && segments[0] == "containers" && !s_collectionSegments.Contains(segments[1]))
        {
            return Make(RouteKind.Container, segments[1], string.Join('/', segments.Skip(2)));
        }
        return Make(RouteKind.PassThrough);
    }

    /// <summary>Reads one query parameter (first occurrence), unescaped; null when absent.</summary>
    public static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            // Keys are compared decoded, as the engine reads them.
            var key = Uri.UnescapeDataString((eq >= 0 ? pair[..eq] : pair).Replace('+', ' '));
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
}
