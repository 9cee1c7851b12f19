using Clues.Core.Api;
using Clues.Core.Model;
using Clues.Tests.Api;
using Clues.Tests.Host.Server;
using NUnit.Framework;

namespace Clues.Tests.Cli;

/// <summary>
/// <c>clues req_get</c> and <c>clues status --why</c> show, for a request made for an LRMS job (a docker-wrapper
/// job's announcement), the job's own state next to the request's, read from clues-host's JSON API, so that a
/// <c>not-served</c> request whose job ran is not read as a lost job (issue 16, item 3).
/// </summary>
[TestFixture]
public sealed class CluesCliJobStateTests
{
    private const string Secret = "s3cret";
    private const string JobA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string JobB = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private static Task<(int Code, string Out, string Err)> RunAsync(Uri server, params string[] args) => CluesCliWhyTests.RunAsync(server, args);

    // Request 1: its job ran and ended; 2: its job runs; 3: its job is no longer reported; 4: no job.
    private static FakeCluesControl ControlWithJobs()
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Requests.Add(new RequestSnapshot
        {
            Id = 1, Resources = new Resources(1, 0, [""], 1, 1), State = RequestState.NotServed, JobId = JobA,
            Job = new JobSnapshot { Id = JobA, State = "done", Nodes = ["wn02"] },
        });
        control.Requests.Add(new RequestSnapshot
        {
            Id = 2, Resources = new Resources(1, 0, [""], 1, 1), State = RequestState.Served, JobId = JobB,
            Job = new JobSnapshot { Id = JobB, State = "running", Nodes = ["wn01"] },
        });
        control.Requests.Add(new RequestSnapshot { Id = 3, Resources = new Resources(1, 0, [""], 1, 1), State = RequestState.Pending, JobId = "77" });
        control.Requests.Add(new RequestSnapshot { Id = 4, Resources = new Resources(1, 0, [""], 1, 1), State = RequestState.Pending });
        return control;
    }

    [Test, CancelAfter(20000)]
    public async Task ReqGet_RequestsForJobs_EndWithTheJobsState()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithJobs(), Secret);

        var (code, output, error) = await RunAsync(harness.XmlRpcUrl, "req_get");

        Assert.That((code, error), Is.EqualTo((0, "")));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Does.StartWith("[REQUEST 1] state: not-served@").And.EndWith($"job id: {JobA}; job state: done on wn02; "));
        Assert.That(lines[1], Does.StartWith("[REQUEST 2] state: served@").And.EndWith($"job id: {JobB}; job state: running on wn01; "));
        Assert.That(lines[2], Does.EndWith("job id: 77; job state: not reported by the LRMS; "));
        Assert.That(lines[3], Does.EndWith("job id: None; "), "CLUES' line, unchanged, for a request made for no job");
    }

    [Test, CancelAfter(20000)]
    public async Task ReqGet_OneRequest_EndsWithItsJobsState()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithJobs(), Secret);

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, "req_get", "1");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("[REQUEST 1] ").And.EndWith("job state: done on wn02; \n"));
    }

    [Test, CancelAfter(20000)]
    public async Task StatusWhy_RequestsForJobs_NameTheJobAndItsState()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithJobs(), Secret);

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, "status", "--why");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("request 1                  not-served: not waiting (job 0123456789ab: done on wn02)\n"));
        Assert.That(output, Does.Contain("request 2                  served: not waiting (job fedcba987654: running on wn01)\n"));
        Assert.That(output, Does.Contain("request 3                  pending: not waiting (job 77: not reported by the LRMS)\n"));
        Assert.That(output, Does.Contain("request 4                  pending: not waiting\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task ReqGetJson_RequestsForJobs_CarryTheJobObject()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithJobs(), Secret);

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, "req_get", "--json");

        Assert.That(code, Is.Zero);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var requests = document.RootElement.GetProperty("requests").EnumerateArray().ToList();
        var job = requests[0].GetProperty("job");
        Assert.That((job.GetProperty("id").GetString(), job.GetProperty("state").GetString()), Is.EqualTo((JobA, "done")));
        Assert.That(job.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()), Is.EqualTo(new[] { "wn02" }));
        Assert.That(requests[2].GetProperty("job").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }
}
