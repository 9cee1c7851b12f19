namespace Clues.DockerWrapper.Routing;

/// <summary>The routing decision for one request.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Path">The path without the <c>/v1.xx</c> prefix.</param>
/// <param name="Query">The query string without <c>?</c> (empty when none).</param>
/// <param name="Target">The normalised target (path with version prefix, and query): what is forwarded.</param>
/// <param name="ContainerRef">For <see cref="RouteKind.Container"/>: the id or name in the path.</param>
/// <param name="Action">For <see cref="RouteKind.Container"/>: the segment after the reference (<c>json</c>, <c>start</c>, …), empty for the bare path.</param>
internal sealed record Route(RouteKind Kind, string Path, string Query, string Target, string? ContainerRef = null, string? Action = null);
