using System.Net;
using System.Text.Json.Nodes;
using Clues.Core.Config;
using Clues.Core.Http;
using Clues.Core.Model;
using Clues.Plugins.Nomad;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using static Clues.Tests.Plugins.Nomad.NomadClusterObjects;

namespace Clues.Tests.Plugins.Nomad;

/// <summary>
/// The Nomad LRMS plugin against a Nomad agent in the test process: CLUES' mapping of nodes, allocations and task
/// groups (spec clues-plugins §2.7), the spec's fixes, failures that must never read as an empty cluster, paging and
/// the ACL token.
/// </summary>
[TestFixture]
public sealed class NomadLrmsPluginTests
{
    private const double MiB = 1 << 20;
    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "clues-nomad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    internal static CluesConfig Config(FakeNomadApi api, string vnodesFile, params (string Key, string Value)[] settings)
    {
        var config = new CluesConfig();
        config.Set(NomadLrmsOptions.Section, NomadLrmsOptions.ServerKey, api.Address.ToString().TrimEnd('/'));
        config.Set(NomadLrmsOptions.Section, NomadLrmsOptions.VirtualNodesFileKey, vnodesFile);
        foreach (var (key, value) in settings)
        {
            config.Set(NomadLrmsOptions.Section, key, value);
        }
        return config;
    }

    private NomadLrmsPlugin Plugin(FakeNomadApi api, params (string Key, string Value)[] settings) =>
        Plugin(api, Path.Combine(_directory, "absent.info"), settings);

    private static NomadLrmsPlugin Plugin(FakeNomadApi api, string vnodes, params (string Key, string Value)[] settings) =>
        new(Config(api, vnodes, settings), NullLogger<NomadLrmsPlugin>.Instance);

    private string VirtualNodes(string json)
    {
        var path = Path.Combine(_directory, "nomad_vnodes.info");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public async Task GetNodes_FileAndAgent_CluesMappingWithLiveSizeAndLoad()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1", cpuMhz: 10400, memoryMb: 8192, nodeClass: "gpu", reservedMhz: 520, reservedMemoryMb: 512));
        api.AddNode(Node("wn2"));
        api.AddNode(Node("stranger"));
        api.AddNode(Node("wn5", status: "down"));
        api.AddNode(Node("wn6", status: "initializing"));
        api.AddAllocation(Allocation("a1", "wn1", "batch1", cpuMhz: 2600, memoryMb: 1024));
        api.AddAllocation(Allocation("a2", "wn1", "logs", jobType: "system", cpuMhz: 260, memoryMb: 128));
        api.AddAllocation(Allocation("a3", "wn1", "old", clientStatus: "complete", cpuMhz: 5000, memoryMb: 4096));
        api.AddAllocation(Allocation("a4", "wn2", "logs", jobType: "system", cpuMhz: 260, memoryMb: 128));
        var vnodes = VirtualNodes("""
            [ {"name": "wn3", "cpu": 2, "memory": "4Gi", "keywords": "disk=ssd,rack=r1", "queues": "default,gpu"},
              {"name": "wn1", "keywords": "disk=nvme"},
              {"name": "wn2"}, {"name": "wn5", "cpu": "8"}, {"name": "wn6"} ]
            """);
        using var plugin = Plugin(api, vnodes, (NomadLrmsOptions.QueuesKey, "\"default,gpu\""));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "wn1", "wn2", "wn5", "wn6", "wn3" }),
            "the agent's nodes of the file in the agent's order, then the file's other nodes; a node not in the file is not managed (KEEP)");
        var wn1 = nodes[0];
        Assert.That(wn1.State, Is.EqualTo(NodeState.Used), "a batch allocation runs");
        Assert.That(wn1.SlotsCount, Is.EqualTo(4.0), "10400 MHz at 2.6 GHz a slot");
        Assert.That(wn1.SlotsFree, Is.EqualTo(4.0 - (520 + 2600 + 260) / 2600.0).Within(1e-9), "reserved, batch and system allocations use CPU; a complete one does not");
        Assert.That(wn1.MemoryTotal, Is.EqualTo(8192 * MiB));
        Assert.That(wn1.MemoryFree, Is.EqualTo((8192 - 512 - 1024 - 128) * MiB));
        Assert.That(wn1.Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("gpu")])), "a NodeClass that is a queue is the node's queue");
        Assert.That(wn1.Keywords["disk"], Is.EqualTo(KeywordValue.FromString("nvme")));
        Assert.That(wn1.Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(1)));

        Assert.That(nodes[1].State, Is.EqualTo(NodeState.Idle), "FIX: a system job's allocation runs on every node and does not make it busy");
        Assert.That(nodes[1].Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("default")])));
        Assert.That((nodes[2].State, nodes[2].SlotsCount, nodes[2].SlotsFree), Is.EqualTo((NodeState.Off, 4.0, 4.0)), "down: off, with the size Nomad knows");
        Assert.That(nodes[3].State, Is.EqualTo(NodeState.Unknown), "a status other than ready or down");

        var wn3 = nodes[4];
        Assert.That((wn3.State, wn3.SlotsCount, wn3.SlotsFree, wn3.MemoryTotal, wn3.MemoryFree), Is.EqualTo((NodeState.Off, 2.0, 2.0, 4.0 * (1L << 30), 4.0 * (1L << 30))));
        Assert.That(wn3.Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("default"), KeywordValue.FromString("gpu")])));
        Assert.That(wn3.Keywords["rack"], Is.EqualTo(KeywordValue.FromString("r1")));
        Assert.That(api.Requests.Count(r => r.StartsWith("GET /v1/node/", StringComparison.Ordinal)), Is.Zero,
            "one node list and one allocation list, not CLUES' four requests per node");
    }

    [Test]
    public async Task GetNodes_VirtualNodeDefaults_AreClueKeys()
    {
        await using var api = await FakeNomadApi.StartAsync();
        var vnodes = VirtualNodes("""[{"name": "wn1"}, {"name": "wn2", "memory": 1024, "cpu": 3}]""");
        using var plugin = Plugin(api, vnodes, (NomadLrmsOptions.DefaultCpusKey, "1"), (NomadLrmsOptions.DefaultMemoryKey, "\"512M\""),
            (NomadLrmsOptions.QueuesKey, "a,b"));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That((nodes[0].SlotsCount, nodes[0].MemoryTotal, nodes[0].State), Is.EqualTo((1.0, 512 * MiB, NodeState.Off)));
        Assert.That(nodes[0].Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("a"), KeywordValue.FromString("b")])),
            "every queue when the file names none");
        Assert.That((nodes[1].SlotsCount, nodes[1].MemoryTotal), Is.EqualTo((3.0, 1024.0)), "a bare number is bytes");
    }

    [Test]
    public async Task GetNodes_NoFile_EveryNodeOfTheAgentIsManaged()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        api.AddNode(Node("wn2", nodeClass: "other"));
        using var plugin = Plugin(api);

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[] { ("wn1", NodeState.Idle), ("wn2", NodeState.Idle) }));
        Assert.That(nodes[1].Keywords["queues"], Is.EqualTo(KeywordValue.FromList([KeywordValue.FromString("default")])),
            "a class that is not a queue leaves the default: every queue");
    }

    [Test]
    public async Task GetNodes_SameNameTwice_TheRecordThatIsUpWins()
    {
        await using var api = await FakeNomadApi.StartAsync();
        var old = Node("wn1", status: "down");
        old["ID"] = "0ld-1d";
        api.AddNode(old);
        api.AddNode(Node("wn1"));
        using var plugin = Plugin(api, VirtualNodes("""[{"name": "wn1"}]"""));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[] { ("wn1", NodeState.Idle) }), "a machine that registered again under a new ID");
    }

    [Test]
    public async Task GetNodes_AdministratorIneligibleNode_ScheduleZero()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1", eligibility: "ineligible"));
        using var plugin = Plugin(api);

        var wn1 = (await plugin.GetNodesAsync(CancellationToken.None)).Single();

        Assert.That(wn1.State, Is.EqualTo(NodeState.Idle));
        Assert.That(wn1.Keywords["schedule"], Is.EqualTo(KeywordValue.FromNumber(0)), "FIX: no job is expected to land on it");
    }

    [TestCase("[{\"name\": \"wn1\"", "cannot be read as JSON")]
    [TestCase("{\"name\": \"wn1\"}", "not a list of nodes")]
    public async Task GetNodes_UnreadableFile_IsAFailureNotAnEmptyCluster(string text, string expected)
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        var vnodes = VirtualNodes(text);
        using var plugin = Plugin(api, vnodes);

        var error = Assert.ThrowsAsync<FormatException>(() => plugin.GetNodesAsync(CancellationToken.None), "FIX: CLUES reported no node at all");

        Assert.That(error!.Message, Does.Contain(vnodes).And.Contain(expected).And.Contain("NOMAD_NODES_LIST_CLUES"));
    }

    [Test]
    public async Task GetNodes_BadEntries_SkippedTheRestKept()
    {
        await using var api = await FakeNomadApi.StartAsync();
        var vnodes = VirtualNodes("""
            [{"name": "wn1", "cpu": "two"}, {"memory": "1Gi"}, {"name": "wn2", "memory": "lots"}, 7, {"name": "wn3", "keywords": "novalue"},
             {"name": "wn4", "queues": ["a"]}, {"name": "ok"}, {"name": "ok"}]
            """);
        using var plugin = Plugin(api, vnodes);

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task GetJobs_TaskGroups_CluesIdsStatesResourcesAndQueueRequirement()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddJob(JobStub("batch1", status: "pending", groups: ("group", 2, 0, 0)), Job("batch1", tasks: [(1300, 512), (1300, 512)]));
        api.AddJob(JobStub("web", groups: ("group", 0, 0, 3)), Job("web", queue: "gpu"));
        api.AddJob(JobStub("starting", groups: ("group", 0, 1, 0)), Job("starting"));
        api.AddJob(JobStub("stopped", status: "dead", groups: ("group", 4, 0, 0)), Job("stopped"));
        api.AddJob(JobStub("elsewhere", status: "pending", groups: ("group", 1, 0, 0)), Job("elsewhere", queue: "other"));
        api.AddJob(JobStub("anywhere", status: "pending", groups: ("group", 1, 0, 0)), Job("anywhere", queue: null));
        api.AddJob(JobStub("joblevel", status: "pending", groups: ("group", 1, 0, 0)),
            Job("joblevel", queue: null, jobConstraints: new JsonArray(Constraint("${node.class}", "gpu"))));
        api.AddJob(JobStub("gone", status: "pending", groups: ("group", 1, 0, 0)), null);
        api.AddJob(JobStub("batch1", status: "pending", jobNamespace: "team", groups: ("group", 1, 0, 0)), null);
        using var plugin = Plugin(api, (NomadLrmsOptions.QueuesKey, "default,gpu"));

        var jobs = await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs.Select(j => (j.JobId, j.State)), Is.EqualTo(new[]
        {
            ("batch1-group", RequestState.Pending), ("web-group", RequestState.Served), ("starting-group", RequestState.Pending),
            ("stopped-group", RequestState.Served), ("joblevel-group", RequestState.Pending), ("team/batch1-group", RequestState.Pending),
        }), "groups without a queue constraint are not CLUES jobs (KEEP); a dead job is served; a job outside the default namespace is prefixed");
        var batch = jobs[0];
        Assert.That(batch.Resources.Slots, Is.EqualTo(2600 / 2600.0), "Σ task MHz at 2.6 GHz a slot");
        Assert.That(batch.Resources.Memory, Is.EqualTo(1024 * MiB));
        Assert.That(batch.Resources.Expressions, Is.EqualTo(new[] { "\"default\" in queues", "schedule == 1" }));
        Assert.That(batch.Resources.TaskCount, Is.EqualTo(2), "FIX: every queued allocation");
        Assert.That(batch.NodeIds, Is.Empty);
        Assert.That(jobs[1].Resources.Expressions[0], Is.EqualTo("\"gpu\" in queues"));
        Assert.That(jobs[4].Resources.Expressions[0], Is.EqualTo("\"gpu\" in queues"), "FIX: a job-level constraint applies to its groups");
    }

    [Test]
    public async Task GetJobs_UnchangedJob_NotReadAgain_ChangedJobIs()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddJob(JobStub("a", status: "pending", groups: ("group", 1, 0, 0)), Job("a"));
        using var plugin = Plugin(api);
        int Reads() => api.Requests.Count(r => r.StartsWith("GET /v1/job/a", StringComparison.Ordinal));

        await plugin.GetJobsAsync(CancellationToken.None);
        var again = await plugin.GetJobsAsync(CancellationToken.None);
        Assert.That((Reads(), again.Single().State), Is.EqualTo((1, RequestState.Pending)), "the list tells the state; the job is read once");

        api.Edit(() => api.LiveJob("a")["JobModifyIndex"] = 8);
        await plugin.GetJobsAsync(CancellationToken.None);
        Assert.That(Reads(), Is.EqualTo(2), "a new version is read");
    }

    [Test]
    public async Task Lists_ManyPages_AllPagesFollowedWithNextToken()
    {
        await using var api = await FakeNomadApi.StartAsync();
        for (var i = 1; i <= 7; i++)
        {
            api.AddNode(Node($"wn{i}"));
            api.AddAllocation(Allocation($"a{i}", $"wn{i}", "batch"));
        }
        using var plugin = Plugin(api, (NomadLrmsOptions.PageSizeKey, "3"));

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => n.State), Is.All.EqualTo(NodeState.Used), "every allocation of every page counted");
        Assert.That(nodes, Has.Count.EqualTo(7));
        Assert.That(api.Requests.Where(r => r.StartsWith("GET /v1/nodes", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "GET /v1/nodes?resources=true&per_page=3", "GET /v1/nodes?resources=true&per_page=3&next_token=3", "GET /v1/nodes?resources=true&per_page=3&next_token=6",
        }));
        Assert.That(api.Requests, Does.Contain("GET /v1/allocations?resources=true&task_states=false&namespace=%2A&per_page=3&next_token=6"));
    }

    [Test]
    public async Task GetNodes_WrongToken_FailsNamingTheSetting()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.Token = "right";
        api.AddNode(Node("wn1"));
        using var plugin = Plugin(api, (NomadLrmsOptions.AclTokenKey, "wrong"));

        var error = Assert.ThrowsAsync<RestApiException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.Message, Does.Contain("403").And.Contain("Permission denied").And.Contain("NOMAD_ACL_TOKEN").And.Contain("/v1/nodes"));
    }

    [TestCase(NomadLrmsOptions.AclTokenKey)]
    [TestCase(NomadLrmsOptions.TokenKey)]
    public async Task GetJobs_RightToken_SentAsXNomadToken(string key)
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.Token = "s3cret";
        api.AddJob(JobStub("a"), Job("a"));
        using var plugin = Plugin(api, (key, "s3cret"));

        Assert.That(await plugin.GetJobsAsync(CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Requests_NoneTokenAndHeaders_NoTokenAndTheHeadersSent()
    {
        await using var api = await FakeNomadApi.StartAsync();
        var seen = new List<(string Token, string Tenant)>();
        api.Fault = context =>
        {
            seen.Add((context.Request.Headers["X-Nomad-Token"].ToString(), context.Request.Headers["X-Tenant"].ToString()));
            return Task.FromResult(false);
        };
        using var plugin = Plugin(api, (NomadLrmsOptions.AclTokenKey, "None"), (NomadLrmsOptions.HeadersKey, """{"X-Tenant": "blue"}"""));

        await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(seen, Is.EqualTo(new[] { ("", "blue") }), "FIX: CLUES sent the token \"None\" and never sent NOMAD_HEADERS");
    }

    private static readonly string[] BrokenAnswers = ["500", "503", "truncated", "not-a-list", "wrong-types", "deep", "null"];

    private static readonly string[] ListPaths = ["/v1/nodes", "/v1/allocations"];

    [Test]
    public async Task GetNodes_BrokenAnswer_IsAFailureNotAnIdleCluster(
        [ValueSource(nameof(ListPaths))] string path, [ValueSource(nameof(BrokenAnswers))] string answer)
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddNode(Node("wn1"));
        api.AddAllocation(Allocation("a1", "wn1", "batch"));
        api.Fault = context => Break(context, path, answer);
        using var plugin = Plugin(api, VirtualNodes("""[{"name": "wn1"}, {"name": "wn2"}]"""));

        var error = Assert.CatchAsync(() => plugin.GetNodesAsync(CancellationToken.None), "FIX: CLUES reported the virtual nodes alone, or every node idle");

        Assert.That(error, Is.InstanceOf<RestApiException>());
        Assert.That(error!.Message, Does.Contain(path), error.Message);
    }

    [Test]
    public async Task GetJobs_BrokenAnswer_IsAFailureNotAnEmptyQueue(
        [Values("/v1/jobs", "/v1/job/a")] string path, [ValueSource(nameof(BrokenAnswers))] string answer)
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.AddJob(JobStub("a", status: "pending", groups: ("group", 1, 0, 0)), Job("a"));
        api.Fault = context => Break(context, path, answer);
        using var plugin = Plugin(api);

        var error = Assert.CatchAsync(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(error, Is.InstanceOf<RestApiException>());
        Assert.That(error!.Message, Does.Contain(path), error.Message);
    }

    [Test]
    public async Task GetJobs_AgentNeverAnswers_TimesOutAsAFailure()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.Fault = async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        var config = Config(api, Path.Combine(_directory, "absent.info"));
        config.Set(GeneralOptions.Section, "TIMEOUT_COMMANDS", "0.5");
        using var plugin = new NomadLrmsPlugin(config, NullLogger<NomadLrmsPlugin>.Instance);

        var error = Assert.CatchAsync(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(error, Is.InstanceOf<TaskCanceledException>(), "HttpClient's timeout; the daemon reports it as a failed poll");
        Assert.That(error!.InnerException, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task GetNodes_AgentDown_FailureNamesTheAgent()
    {
        await using var api = await FakeNomadApi.StartAsync();
        var address = api.Address;
        await api.DisposeAsync();
        var config = new CluesConfig();
        config.Set(NomadLrmsOptions.Section, NomadLrmsOptions.ServerKey, address.ToString());
        using var plugin = new NomadLrmsPlugin(config, NullLogger<NomadLrmsPlugin>.Instance);

        var error = Assert.ThrowsAsync<RestApiException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("GET " + address.ToString().TrimEnd('/') + "/v1/nodes").And.Contain("refused"));
    }

    [Test]
    public async Task RestJson_BodyLargerThanTheBound_Refused()
    {
        await using var api = await FakeNomadApi.StartAsync();
        api.Fault = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[" + string.Join(",", Enumerable.Repeat("{\"ID\":\"x\"}", 20_000)) + "]");
            return true;
        };
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(api.Address, "/v1/nodes"), HttpCompletionOption.ResponseHeadersRead);
        var error = Assert.ThrowsAsync<RestApiException>(() =>
            RestJson.ReadAsync(response, Clues.Plugins.Nomad.Api.NomadJson.Default.ListNomadNode, "a node list", 64 * 1024, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("more than").And.Contain("a node list").And.Contain("/v1/nodes"));
    }

    private static async Task<bool> Break(HttpContext context, string path, string answer)
    {
        if (context.Request.Path.Value != path)
        {
            return false;
        }
        if (answer is "500" or "503")
        {
            await FakeNomadApi.TextAsync(context, int.Parse(answer, System.Globalization.CultureInfo.InvariantCulture), "rpc error: No cluster leader");
            return true;
        }
        var list = path is "/v1/nodes" or "/v1/allocations" or "/v1/jobs";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer switch
        {
            "truncated" => list ? "[" + Node("wn1").ToJsonString()[..200] : Job("a").ToJsonString()[..200],
            "not-a-list" => list ? """{"Error":"not a list"}""" : """[{"ID":"a"}]""",
            "wrong-types" => path switch
            {
                "/v1/nodes" => """[{"ID":"x","Name":"wn1","NodeResources":{"Cpu":{"CpuShares":"lots"}}}]""",
                "/v1/allocations" => """[{"ID":"x","NodeID":"n","ClientStatus":["running"]}]""",
                "/v1/jobs" => """[{"ID":"a","JobSummary":{"Summary":{"group":{"Queued":"many"}}}}]""",
                _ => """{"ID":"a","TaskGroups":[{"Name":"group","Tasks":[{"Resources":{"CPU":true}}]}]}""",
            },
            "deep" => new string('[', 100_000) + new string(']', 100_000),
            _ => "null",
        });
        return true;
    }
}
