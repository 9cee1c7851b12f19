using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Clues.Core.Api;
using Clues.Tests.Api;
using NUnit.Framework;

namespace Clues.Tests.Host.Server;

/// <summary><c>GET /api/status</c> (the dry run, its counts and latest decisions) and each node's group in <c>/api/nodes</c>, from a real API server.</summary>
[TestFixture]
public sealed class StatusEndpointTests
{
    private static HttpClient Client(string secret = "s3cret")
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return http;
    }

    [Test, CancelAfter(20000)]
    public async Task Status_DryRun_CountsAndLatestDecisionsWithTheirNodeAndRequests(CancellationToken ct)
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.DryRunStatus = new DryRunStatus(true, 3, 1,
        [
            new DryRunDecision("on", "wn01", [12, 13], 99000, 99990, true),
            new DryRunDecision("off", "wn02", [], 98000, 98500, false),
        ]);
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = Client();

        var status = await http.GetFromJsonAsync<JsonElement>(new Uri(harness.BaseAddress, "/api/status"), ct);

        Assert.That(status.ToString(), Is.EqualTo(
            """{"now":100000,"dryRun":true,"wouldPowerOn":3,"wouldPowerOff":1,"dryRunDecisions":["""
            + """{"action":"on","node":"wn01","requests":[12,13],"since":99000,"lastDecided":99990,"current":true},"""
            + """{"action":"off","node":"wn02","requests":[],"since":98000,"lastDecided":98500,"current":false}]}"""));
    }

    [Test, CancelAfter(20000)]
    public async Task Status_NotDryRun_SaysSoWithNoDecision(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client();

        var status = await http.GetFromJsonAsync<JsonElement>(new Uri(harness.BaseAddress, "/api/status"), ct);

        Assert.That(status.ToString(), Is.EqualTo("""{"now":100000,"dryRun":false,"wouldPowerOn":0,"wouldPowerOff":0,"dryRunDecisions":[]}"""));
    }

    [Test, CancelAfter(20000)]
    public async Task Status_WrongSecret_Unauthorized(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client("wrong");

        using var response = await http.GetAsync(new Uri(harness.BaseAddress, "/api/status"), ct);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test, CancelAfter(20000)]
    public async Task Nodes_EachWithItsGroupOrNull(CancellationToken ct)
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Nodes[0] = control.Nodes[0] with { Group = "gpu" };
        await using var harness = await ApiServerHarness.StartAsync(control);
        using var http = Client();

        var nodes = await http.GetFromJsonAsync<JsonElement>(new Uri(harness.BaseAddress, "/api/nodes"), ct);

        Assert.That(nodes.EnumerateArray().Select(n => (n.GetProperty("name").GetString(), n.GetProperty("group").ValueKind == JsonValueKind.Null
            ? null : n.GetProperty("group").GetString())), Is.EqualTo(new[] { ("wn02", (string?)"gpu"), ("wn01", null) }));
    }
}
