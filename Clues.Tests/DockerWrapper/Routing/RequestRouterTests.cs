using Clues.DockerWrapper.Routing;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Routing;

public sealed class RequestRouterTests
{
    [TestCase("POST", "/v1.41/containers/create?name=x", "CreateContainer")]
    [TestCase("POST", "/containers/create", "CreateContainer")]
    [TestCase("GET", "/v1.47/containers/json?all=1", "ListContainers")]
    [TestCase("HEAD", "/v1.47/containers/json", "PassThrough")]
    [TestCase("GET", "/jobs/num", "JobsCount")]
    [TestCase("GET", "/jobs/list", "JobsList")]
    [TestCase("GET", "/v1.41/nodes/list", "NodesList")]
    [TestCase("GET", "/_ping", "PassThrough")]
    [TestCase("HEAD", "/_ping", "PassThrough")]
    [TestCase("GET", "/v1.41/version", "PassThrough")]
    [TestCase("POST", "/v1.41/exec/abc/start", "PassThrough")]
    [TestCase("POST", "/v1.41/build?t=x", "PassThrough")]
    [TestCase("POST", "/v1.41/containers/prune", "PassThrough")]
    [TestCase("GET", "/v1.41/nodes", "PassThrough")]
    [TestCase("POST", "/jobs/num", "PassThrough")]
    [TestCase("POST", "/v1.41/images/create?fromImage=x", "PassThrough")]
    [TestCase("GET", "/v1.41/containers/abc/json", "Container")]
    [TestCase("POST", "/v1.41/containers/abc/attach?stream=1", "Container")]
    [TestCase("PUT", "/v1.41/containers/abc/archive?path=/", "Container")]
    [TestCase("DELETE", "/v1.41/containers/abc?force=1", "Container")]
    [TestCase("POST", "/v1.41/containers/%63reate", "CreateContainer")]
    [TestCase("GET", "/metrics", "Metrics")]
    public void Decide_MethodAndTarget_GivesKind(string method, string target, string expected)
    {
        Assert.That(RequestRouter.Decide(method, target).Kind.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Decide_ContainerAction_SplitsReferenceActionAndQuery()
    {
        var route = RequestRouter.Decide("POST", "/v1.41/containers/my%20job/wait?condition=next-exit");

        Assert.That(route.ContainerRef, Is.EqualTo("my job"));
        Assert.That(route.Action, Is.EqualTo("wait"));
        Assert.That(route.Query, Is.EqualTo("condition=next-exit"));
        Assert.That(route.Path, Is.EqualTo("/containers/my%20job/wait"));
        Assert.That(route.Target, Is.EqualTo("/v1.41/containers/my%20job/wait?condition=next-exit"));
    }

    /// <summary>Every captured or served endpoint, as the docker CLI and the LRMS plugin send it.</summary>
    private static readonly (string Method, string Target, RouteKind Kind)[] s_captured =
    [
        ("POST", "/v1.41/containers/create?name=x", RouteKind.CreateContainer),
        ("GET", "/v1.47/containers/json?all=1", RouteKind.ListContainers),
        ("GET", "/jobs/num", RouteKind.JobsCount),
        ("GET", "/jobs/list", RouteKind.JobsList),
        ("GET", "/v1.41/nodes/list", RouteKind.NodesList),
        ("GET", "/metrics", RouteKind.Metrics),
        ("POST", "/v1.41/containers/abc/start", RouteKind.Container),
        ("POST", "/v1.41/containers/abc/wait?condition=next-exit", RouteKind.Container),
        ("DELETE", "/v1.41/containers/abc?force=1", RouteKind.Container),
    ];

    /// <summary>Ways of writing the same path that the engine (Go's decoding router) reads as that path.</summary>
    private static readonly (string Name, Func<string, string> Rewrite)[] s_encodings =
    [
        ("first letter escaped, lower-case hex", p => EscapeFirstLetter(p, "x2")),
        ("first letter escaped, upper-case hex", p => EscapeFirstLetter(p, "X2")),
        ("every letter escaped", p => string.Concat(p.Select(c => char.IsAsciiLetter(c) ? $"%{(int)c:X2}" : c.ToString()))),
        ("repeated slashes", p => p.Replace("/", "//")),
        ("dot segments", p => "/./" + p.TrimStart('/').Replace("/", "/./")),
        ("a segment and its ..", p => "/junk/.." + p),
        ("escaped dot segment", p => "/%2e/junk/%2E%2E" + p),
        ("trailing slash", p => p + "/"),
        ("version in capitals", p => p.StartsWith("/v1", StringComparison.Ordinal) ? "/V" + p[2..] : p),
    ];

    private static IEnumerable<TestCaseData> EncodedCapturedEndpoints() =>
        from endpoint in s_captured
        from encoding in s_encodings
        select new TestCaseData(endpoint.Method, endpoint.Target, encoding.Name, endpoint.Kind.ToString())
            .SetName($"Decide_{endpoint.Kind}_{endpoint.Method}_{endpoint.Target.Split('?')[0]}_{encoding.Name}_SameRouteAndTarget");

    [TestCaseSource(nameof(EncodedCapturedEndpoints))]
    public void Decide_EncodedPath_RoutedAndForwardedAsTheCanonicalOne(string method, string target, string encodingName, string kind)
    {
        var rewrite = s_encodings.Single(e => e.Name == encodingName).Rewrite;
        var queryAt = target.IndexOf('?');
        var path = queryAt >= 0 ? target[..queryAt] : target;
        var encoded = rewrite(path) + (queryAt >= 0 ? target[queryAt..] : "");
        var canonical = RequestRouter.Decide(method, target);

        var route = RequestRouter.Decide(method, encoded);

        Assert.That(route.Kind.ToString(), Is.EqualTo(kind), encoded);
        Assert.That(route.Target, Is.EqualTo(canonical.Target), encoded);
        Assert.That(canonical.Target, Is.EqualTo(target), "the canonical form of what the CLI sends is what it sends");
        Assert.That((route.ContainerRef, route.Action), Is.EqualTo((canonical.ContainerRef, canonical.Action)), encoded);
    }

    [TestCase("/v1.41/containers/a%2Fb/json", TestName = "Decide_EncodedSlash_Refused")]
    [TestCase("/v1.41/containers/a%2fb/json", TestName = "Decide_EncodedSlashLowerCase_Refused")]
    [TestCase("/v1.41/containers/a%5Cb/json", TestName = "Decide_EncodedBackslash_Refused")]
    [TestCase("/v1.41/containers/%00/json", TestName = "Decide_EncodedNul_Refused")]
    [TestCase("/v1.41/containers/%zz/json", TestName = "Decide_BrokenEscape_Refused")]
    [TestCase("/v1.41/containers/%2", TestName = "Decide_TruncatedEscape_Refused")]
    [TestCase("/v1.41/containers/%C3%28", TestName = "Decide_EscapedBytesNotUtf8_Refused")]
    [TestCase("http://localhost/v1.41/containers/create", TestName = "Decide_AbsoluteForm_Refused")]
    [TestCase("*", TestName = "Decide_AsteriskForm_Refused")]
    [TestCase("/v1.41/containers/create#x", TestName = "Decide_Fragment_Refused")]
    public void Decide_AmbiguousTarget_Throws(string target)
    {
        Assert.That(() => RequestRouter.Decide("POST", target), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void Decide_EscapedReference_DecodedOnceAndReencodedCanonically()
    {
        var route = RequestRouter.Decide("GET", "/v1.41/containers/my%2520job/json");

        Assert.That(route.ContainerRef, Is.EqualTo("my%20job"), "decoded once, as the engine decodes");
        Assert.That(route.Target, Is.EqualTo("/v1.41/containers/my%2520job/json"));
    }

    [Test]
    public void Decide_DotSegmentsAboveTheRoot_StayAtTheRoot()
    {
        Assert.That(RequestRouter.Decide("POST", "/../../v1.41/containers/create").Kind, Is.EqualTo(RouteKind.CreateContainer));
    }

    private static string EscapeFirstLetter(string path, string format)
    {
        // The first letter after the version prefix, so the prefix itself stays recognisable.
        var start = path.StartsWith("/v1", StringComparison.Ordinal) ? path.IndexOf('/', 1) + 1 : 1;
        var at = start + path[start..].TakeWhile(c => !char.IsAsciiLetter(c)).Count();
        return path[..at] + "%" + ((int)path[at]).ToString(format, System.Globalization.CultureInfo.InvariantCulture) + path[(at + 1)..];
    }

    [Test]
    public void Decide_BareContainerPath_HasEmptyAction()
    {
        Assert.That(RequestRouter.Decide("DELETE", "/containers/abc").Action, Is.EqualTo(""));
    }

    [TestCase("follow=1&stdout=1", "follow", true)]
    [TestCase("follow=true", "follow", true)]
    [TestCase("follow=True", "follow", true)]
    [TestCase("follow=0", "follow", false)]
    [TestCase("stdout=1", "follow", false)]
    public void QueryFlag_DockerBooleans_AreRead(string query, string name, bool expected)
    {
        Assert.That(RequestRouter.QueryFlag(query, name), Is.EqualTo(expected));
    }

    [Test]
    public void QueryValue_Escaped_IsUnescaped()
    {
        Assert.That(RequestRouter.QueryValue("a=1&name=my%2Fjob", "name"), Is.EqualTo("my/job"));
        Assert.That(RequestRouter.QueryValue("a=1", "name"), Is.Null);
    }
}
