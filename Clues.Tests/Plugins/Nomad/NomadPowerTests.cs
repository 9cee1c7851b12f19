using System.Text.Json.Nodes;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Plugins.Nomad;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using static Clues.Tests.Plugins.Nomad.NomadClusterObjects;

namespace Clues.Tests.Plugins.Nomad;

/// <summary>
/// Drain before power-off, eligibility back after power-on, and never powering off a node that runs an allocation
/// that would be lost, against a Nomad agent in the test process.
/// </summary>
[TestFixture]
public sealed class NomadPowerTests
{
    private static NomadLrmsPlugin Plugin(FakeNomadApi api) =>
        new(NomadLrmsPluginTests.Config(api, "/nonexistent/nomad_vnodes.info"), NullLogger<NomadLrmsPlugin>.Instance);

    private static string? Eligibility(JsonObject node) => node["SchedulingEligibility"]?.GetValue<string>();

    private static string? DrainMeta(JsonObject node) => node["LastDrain"]?["Meta"]?["clues"]?.GetValue<string>();

    [Test]
    public async Task PreparePowerOff_OnlySystemAndFinishedAllocations_IneligibleThenLookThenDrainMarkedAsClues()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        api.AddNode(Node("wn2"));
        api.AddAllocation(Allocation("logs", "wn1", "logs", jobType: "system"));
        api.AddAllocation(Allocation("done", "wn1", "batch", clientStatus: "complete"));
        api.AddAllocation(Allocation("web", "wn2", "web", jobType: "service"));
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.True);

        var wn1 = api.Node("wn1");
        Assert.That((Eligibility(wn1), DrainMeta(wn1)), Is.EqualTo(("ineligible", "power-off")), "drained, and the drain marked as CLUES'");
        var id = NodeId("wn1");
        var requests = api.Requests.Where(r => r.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.That(requests, Is.EqualTo(new[]
        {
            $"GET /v1/node/{id}", $"POST /v1/node/{id}/eligibility", $"GET /v1/node/{id}/allocations", $"POST /v1/node/{id}/drain",
        }), "the allocations are looked at once nothing new can be placed, and the drain only starts when nothing would be lost");
        Assert.That(Eligibility(api.Node("wn2")), Is.EqualTo("eligible"));
    }

    [TestCase("batch", "running")]
    [TestCase("service", "pending")]
    [TestCase("sysbatch", "running")]
    public async Task PreparePowerOff_AnAllocationThatWouldBeLost_RefusesAndGivesEligibilityBack(string jobType, string status)
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        api.AddAllocation(Allocation("a1", "wn1", "work", jobType: jobType, clientStatus: status));
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.False);

        var wn1 = api.Node("wn1");
        Assert.That((Eligibility(wn1), wn1["LastDrain"]), Is.EqualTo(("eligible", (JsonNode?)null)), "no drain started, eligible again");
    }

    [Test]
    public async Task PreparePowerOff_AdministratorsIneligibility_LeftAsItIs_AndNotLiftedByPowerOn()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1", eligibility: "ineligible"));
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.True);
        Assert.That(api.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)), Is.Empty, "not CLUES' to change");

        Assert.That(await plugin.PowerOnAsync("wn1", CancellationToken.None), Is.True);
        Assert.That(Eligibility(api.Node("wn1")), Is.EqualTo("ineligible"), "lift only drains CLUES set");
    }

    [Test]
    public async Task PowerOn_AfterCluesDrain_EligibleAgain()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        using var plugin = Plugin(api);
        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.True);
        api.Edit(() => api.LiveNode("wn1")["Status"] = "down");

        Assert.That(await plugin.PowerOnAsync("wn1", CancellationToken.None), Is.True);

        Assert.That(Eligibility(api.Node("wn1")), Is.EqualTo("eligible"));
        Assert.That(api.Requests.Last(), Is.EqualTo($"POST /v1/node/{NodeId("wn1")}/drain"), "the drain is cancelled with MarkEligible");
    }

    [Test]
    public async Task PowerOn_AnotherDrainSinceClues_NotLifted()
    {
        await using var api = await FakeNomadApi.StartAsync();
        var node = Node("wn1", eligibility: "ineligible");
        node["LastDrain"] = new JsonObject { ["Status"] = "complete", ["Meta"] = new JsonObject { ["message"] = "disk replacement" } };
        api.AddNode(node);
        using var plugin = Plugin(api);

        Assert.That(await plugin.PowerOnAsync("wn1", CancellationToken.None), Is.True);

        Assert.That(Eligibility(api.Node("wn1")), Is.EqualTo("ineligible"));
    }

    [Test]
    public async Task PowerCalls_NodeNomadDoesNotKnow_AcceptedWithoutChanges()
    {
        await using var api = await FakeNomadApi.StartAsync();
        using var plugin = Plugin(api);

        Assert.That(await plugin.PreparePowerOffAsync("wn9", CancellationToken.None), Is.True, "not registered: nothing runs on it");
        Assert.That(await plugin.PowerOnAsync("wn9", CancellationToken.None), Is.True);
        Assert.That(api.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task PowerOn_AgentFails_LoggedNotAFailedPowerOn()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        using var plugin = Plugin(api);
        await plugin.GetNodesAsync(CancellationToken.None);
        api.Fault = context => FakeNomadApi.TextAsync(context, 500, "rpc error").ContinueWith(_ => true, TaskScheduler.Default);

        Assert.That(await plugin.PowerOnAsync("wn1", CancellationToken.None), Is.True, "the next monitoring pass lifts a drain left behind");
    }

    [Test]
    public async Task PreparePowerOff_AgentFails_Throws_SoThePowerOffIsRefused()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        using var plugin = Plugin(api);
        api.Fault = context => context.Request.Path.Value!.EndsWith("/allocations", StringComparison.Ordinal)
            ? FakeNomadApi.TextAsync(context, 500, "rpc error").ContinueWith(_ => true, TaskScheduler.Default)
            : Task.FromResult(false);

        Assert.CatchAsync(() => plugin.PreparePowerOffAsync("wn1", CancellationToken.None), "the daemon counts a throw as a refusal");
    }

    [Test]
    public async Task GetNodes_CluesDrainLeftBehindOnANodeInService_Lifted_NotWhileItPowersOff()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        api.AddNode(Node("wn2"));
        using var plugin = Plugin(api);
        Assert.That(await plugin.PreparePowerOffAsync("wn1", CancellationToken.None), Is.True);
        Assert.That(await plugin.PreparePowerOffAsync("wn2", CancellationToken.None), Is.True);
        plugin.Attach(new FixedSystem(new NodeView("wn1", NodeState.OnErr, true, 5), new NodeView("wn2", NodeState.PowOff, true, 5)));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(Eligibility(api.Node("wn1")), Is.EqualTo("eligible"), "the power-off failed: back in service");
        Assert.That(Eligibility(api.Node("wn2")), Is.EqualTo("ineligible"), "still powering off");
        Assert.That(nodes.Single(n => n.Name == "wn2").Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(1)),
            "CLUES' own drain is lifted by a power-on, so the node stays a candidate");
    }

    private sealed class FixedSystem(params NodeView[] nodes) : ICluesSystem
    {
        public IReadOnlyList<NodeView> GetNodes() => nodes;
    }
}
