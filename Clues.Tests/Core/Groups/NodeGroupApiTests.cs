using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Clues.Core.Groups;
using Clues.Tests.Api;
using Clues.Tests.Cli;
using Clues.Tests.Host.Server;
using NUnit.Framework;

namespace Clues.Tests.Core.Groups;

/// <summary>The node groups as the JSON API, <c>/metrics</c> and <c>clues status</c> show them, from a real API server.</summary>
[TestFixture]
public sealed class NodeGroupApiTests
{
    private static FakeCluesControl ControlWithGroups()
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Groups.Add(new NodeGroupStatus("gpu", 4, 1, 1, 1, 2, 1));
        control.Groups.Add(new NodeGroupStatus("svc", 2, 2, 0, 2, 0, 0));
        return control;
    }

    private static HttpClient Client()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        return http;
    }

    [Test, CancelAfter(20000)]
    public async Task JsonApi_Groups_ListsEachGroupWithItsCountsAndBounds(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithGroups());
        using var http = Client();

        var groups = await http.GetFromJsonAsync<JsonElement>(new Uri(harness.BaseAddress, "/api/groups"), ct);

        Assert.That(groups.GetArrayLength(), Is.EqualTo(2));
        Assert.That(groups[0].ToString(), Is.EqualTo("""{"name":"gpu","nodes":4,"on":1,"booting":1,"minOn":1,"maxOn":2,"maxBooting":1}"""));
    }

    [Test, CancelAfter(20000)]
    public async Task Metrics_Groups_OneGaugePerGroupAndKind(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithGroups());
        using var http = Client();

        var text = await http.GetStringAsync(new Uri(harness.BaseAddress, "/metrics"), ct);

        Assert.That(text, Does.Contain("# TYPE clues_group_nodes gauge\n")
            .And.Contains("clues_group_nodes{group=\"gpu\",kind=\"on\"} 1\n")
            .And.Contains("clues_group_nodes{group=\"gpu\",kind=\"booting\"} 1\n")
            .And.Contains("clues_group_nodes{group=\"gpu\",kind=\"max_on\"} 2\n")
            .And.Contains("clues_group_nodes{group=\"svc\",kind=\"min_on\"} 2\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task Metrics_NoGroup_NoGroupGauge(CancellationToken ct)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        using var http = Client();

        var text = await http.GetStringAsync(new Uri(harness.BaseAddress, "/metrics"), ct);

        Assert.That(text, Does.Not.Contain("clues_group_nodes"));
    }

    [Test, CancelAfter(20000)]
    public async Task CliStatus_Groups_TheTableThenOneLinePerGroup(CancellationToken ct)
    {
        await using var plain = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        var (_, table, _) = await CluesCliWhyTests.RunAsync(plain.XmlRpcUrl, "status");
        await using var harness = await ApiServerHarness.StartAsync(ControlWithGroups());

        var (code, output, error) = await CluesCliWhyTests.RunAsync(harness.XmlRpcUrl, "status");

        Assert.That((code, error), Is.EqualTo((0, "")));
        Assert.That(output, Is.EqualTo(table.TrimEnd('\n') + "\n\n"
            + "group gpu: 1 on, 1 booting of 4 nodes (min 1, max 2, max booting 1)\n"
            + "group svc: 2 on, 0 booting of 2 nodes (min 2, max -, max booting -)\n"));
    }
}
