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
