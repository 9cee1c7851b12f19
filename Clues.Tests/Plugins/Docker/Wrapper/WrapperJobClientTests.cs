using System.Net;
using System.Text;
using Clues.Plugins.Docker.Wrapper;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Docker.Wrapper;

[TestFixture]
public sealed class WrapperJobClientTests
{
    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public Uri? Requested { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requested = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private static (WrapperJobClient Client, StubHandler Handler) Client(HttpStatusCode status, string body)
    {
        var handler = new StubHandler(status, body);
        return (new WrapperJobClient(new HttpClient(handler), new Uri("http://127.0.0.1:8880/")), handler);
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_WrapperFormat_IsParsed(CancellationToken ct)
    {
        const string body = """
            [{"Id":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","Status":"attended",
              "Image":"local/busybox:latest","Cpus":1.5,"MemoryBytes":268435456,"Node":"worker-01",
              "Submitted":1700000000.25,"Name":"job1","Service":"p16bgmn0bdvhotwd07ha45gpq","ExitCode":null},
             {"Id":"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210","Status":"finished",
              "Image":"local/busybox:latest","Cpus":0,"MemoryBytes":0,"Node":null,
              "Submitted":1700000001,"Name":null,"Service":null,"ExitCode":0,"State":"finished"}]
            """;
        var (client, handler) = Client(HttpStatusCode.OK, body);

        var jobs = await client.GetJobsAsync(ct);

        Assert.That(handler.Requested, Is.EqualTo(new Uri("http://127.0.0.1:8880/jobs/list")));
        Assert.That(jobs, Has.Count.EqualTo(2));
        Assert.That(jobs[0], Is.EqualTo(new WrapperJob("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "attended", "local/busybox:latest", 1.5, 268435456, "worker-01", 1700000000.25, "job1", "p16bgmn0bdvhotwd07ha45gpq", null)));
        Assert.That(jobs[0].State, Is.Null, "a wrapper without the State field");
        Assert.That(jobs[1].State, Is.EqualTo("finished"));
        Assert.That(jobs[1].ExitCode, Is.EqualTo(0));
        Assert.That(jobs[1].Node, Is.Null);
    }

    [Test, CancelAfter(5_000)]
    public async Task GetJobsAsync_EmptyArray_IsEmptyList(CancellationToken ct)
    {
        var (client, _) = Client(HttpStatusCode.OK, "[]");

        Assert.That(await client.GetJobsAsync(ct), Is.Empty);
    }

    [Test, CancelAfter(5_000)]
    public void GetJobsAsync_ErrorStatus_Throws(CancellationToken ct)
    {
        var (client, _) = Client(HttpStatusCode.ServiceUnavailable, "{}");

        Assert.That(async () => await client.GetJobsAsync(ct), Throws.InstanceOf<HttpRequestException>().With.Message.Contains("503"));
    }

    [Test, CancelAfter(5_000)]
    public void GetJobsAsync_NotAList_Throws(CancellationToken ct)
    {
        var (client, _) = Client(HttpStatusCode.OK, "null");

        Assert.That(async () => await client.GetJobsAsync(ct), Throws.InstanceOf<System.Text.Json.JsonException>());
    }
}
