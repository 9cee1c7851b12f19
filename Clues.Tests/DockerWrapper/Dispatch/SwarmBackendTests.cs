using System.Text.Json.Nodes;
using Clues.DockerWrapper.Configuration;
using Clues.DockerWrapper.Dispatch;
using Clues.DockerWrapper.Jobs;
using NUnit.Framework;

namespace Clues.Tests.DockerWrapper.Dispatch;

public sealed class SwarmBackendTests
{
    private static Job NewJob(double cpus = 1.5, long memory = 0, string body = """{"Image":"img","Cmd":["sh","-c","echo hi"],"Env":["A=1"],"Labels":{"l":"v"},"HostConfig":{"NanoCpus":1500000000}}""") => new()
    {
        Id = new string('c', 64),
        State = JobState.Queued,
        Image = "img",
        Cpus = cpus,
        MemoryBytes = memory,
        CreateBody = body,
        Submitted = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public void ServiceSpec_FromCreateBody_IsARunOnceJobWithReservations()
    {
        var spec = SwarmBackend.ServiceSpec(NewJob(memory: 1024), [WrapperOptions.WorkersOnly]);

        Assert.That(spec["Mode"]!["ReplicatedJob"]!["TotalCompletions"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(spec["TaskTemplate"]!["RestartPolicy"]!["Condition"]!.GetValue<string>(), Is.EqualTo("none"));
        Assert.That(spec["TaskTemplate"]!["Resources"]!["Reservations"]!["NanoCPUs"]!.GetValue<long>(), Is.EqualTo(1_500_000_000));
        Assert.That(spec["TaskTemplate"]!["Resources"]!["Reservations"]!["MemoryBytes"]!.GetValue<long>(), Is.EqualTo(1024));
        var container = spec["TaskTemplate"]!["ContainerSpec"]!;
        Assert.That(container["Args"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { "sh", "-c", "echo hi" }));
        Assert.That(container["Env"]![0]!.GetValue<string>(), Is.EqualTo("A=1"));
        Assert.That(spec["Labels"]![SwarmBackend.JobLabel]!.GetValue<string>(), Is.EqualTo(new string('c', 64)));
        Assert.That(spec["Labels"]!["l"]!.GetValue<string>(), Is.EqualTo("v"));
        Assert.That(spec["Name"]!.GetValue<string>(), Is.EqualTo(SwarmBackend.ServiceName(NewJob())));
        Assert.That(spec["TaskTemplate"]!["Placement"]!["Constraints"]!.AsArray().Select(c => c!.GetValue<string>()),
            Is.EqualTo(new[] { "node.role==worker" }));
    }

    private static JsonArray Nodes(params (string Id, long Cpu, string State, string Availability)[] nodes) =>
        new(nodes.Select(n => (JsonNode)new JsonObject
        {
            ["ID"] = n.Id,
            ["Status"] = new JsonObject { ["State"] = n.State },
            ["Spec"] = new JsonObject { ["Availability"] = n.Availability },
            ["Description"] = new JsonObject { ["Resources"] = new JsonObject { ["NanoCPUs"] = n.Cpu, ["MemoryBytes"] = 1L << 34 } },
        }).ToArray());

    private static JsonArray Tasks(params (string Node, long Cpu)[] tasks) =>
        new(tasks.Select(t => (JsonNode)new JsonObject
        {
            ["NodeID"] = t.Node,
            ["Status"] = new JsonObject { ["State"] = "running" },
            ["Spec"] = new JsonObject { ["Resources"] = new JsonObject { ["Reservations"] = new JsonObject { ["NanoCPUs"] = t.Cpu } } },
        }).ToArray());

    [Test]
    public void Fits_NodeWithFreeReservation_IsTrue()
    {
        var nodes = Nodes(("a", 2_000_000_000, "ready", "active"), ("b", 2_000_000_000, "ready", "active"));

        Assert.That(SwarmBackend.Fits(NewJob(), nodes, Tasks(("a", 1_500_000_000)), []), Is.True);
    }

    [Test]
    public void Fits_AllNodesBusy_IsFalse()
    {
        var nodes = Nodes(("a", 2_000_000_000, "ready", "active"), ("b", 2_000_000_000, "ready", "active"));

        Assert.That(SwarmBackend.Fits(NewJob(), nodes, Tasks(("a", 1_500_000_000), ("b", 1_000_000_000)), []), Is.False);
    }

    [Test]
    public void Fits_JobLargerThanAnyNode_IsTrueSoSwarmReportsTheShortage()
    {
        var nodes = Nodes(("a", 2_000_000_000, "ready", "active"));

        Assert.That(SwarmBackend.Fits(NewJob(cpus: 4), nodes, Tasks(), []), Is.True);
    }

    [Test]
    public void Fits_OnlyDrainedOrDownNodes_IsTrueSoSwarmQueuesIt()
    {
        var nodes = Nodes(("a", 2_000_000_000, "down", "active"), ("m", 2_000_000_000, "ready", "drain"));

        Assert.That(SwarmBackend.Fits(NewJob(), nodes, Tasks(), []), Is.True);
    }

    [TestCase("running", "Running", null)]
    [TestCase("complete", "Finished", 0)]
    [TestCase("failed", "Failed", 3)]
    [TestCase("rejected", "Failed", null)]
    [TestCase("pending", "Dispatched", null)]
    public void Apply_TaskState_MapsToJobState(string taskState, string expectedState, int? exitCode)
    {
        var task = new JsonObject
        {
            ["NodeID"] = "n1",
            ["Status"] = new JsonObject
            {
                ["State"] = taskState,
                ["ContainerStatus"] = exitCode is null ? null : new JsonObject { ["ExitCode"] = exitCode },
            },
        };
        var expected = Enum.Parse<JobState>(expectedState);
        var job = NewJob() with { State = JobState.Dispatched };

        var updated = SwarmBackend.Apply(job, task, new Dictionary<string, string> { ["n1"] = "worker-01" }, DateTimeOffset.UnixEpoch);

        Assert.That(updated.State, Is.EqualTo(expected));
        Assert.That(updated.ExitCode, Is.EqualTo(exitCode));
        if (expected != JobState.Dispatched)
        {
            Assert.That(updated.Node, Is.EqualTo("worker-01"));
        }
    }

    private static JsonObject Node(string id, string role, string hostname = "h", string? label = null) => new()
    {
        ["ID"] = id,
        ["Status"] = new JsonObject { ["State"] = "ready" },
        ["Spec"] = new JsonObject
        {
            ["Availability"] = "active",
            ["Role"] = role,
            ["Labels"] = label is null ? new JsonObject() : new JsonObject { ["gpu"] = label },
        },
        ["Description"] = new JsonObject
        {
            ["Hostname"] = hostname,
            ["Platform"] = new JsonObject { ["OS"] = "linux", ["Architecture"] = "x86_64" },
            ["Resources"] = new JsonObject { ["NanoCPUs"] = 2_000_000_000L, ["MemoryBytes"] = 1L << 34 },
        },
    };

    [Test]
    public void Fits_WorkersOnly_AFreeManagerDoesNotCountWhileTheWorkerIsFull()
    {
        var nodes = new JsonArray(Node("m", "manager"), Node("w", "worker"));
        var tasks = Tasks(("w", 2_000_000_000));

        Assert.That(SwarmBackend.Fits(NewJob(), nodes, tasks, [WrapperOptions.WorkersOnly]), Is.False, "the job waits for a worker");
        Assert.That(SwarmBackend.Fits(NewJob(), nodes, tasks, []), Is.True, "without constraints the manager has room");
    }

    [TestCase("node.role==worker", "worker", true)]
    [TestCase("node.role==WORKER", "worker", true)]
    [TestCase("node.role!=manager", "worker", true)]
    [TestCase("node.role==worker", "manager", false)]
    [TestCase("node.hostname==wn1", "worker", true)]
    [TestCase("node.hostname==WN1", "worker", false)]
    [TestCase("node.labels.gpu==true", "worker", true)]
    [TestCase("node.labels.gpu!=true", "worker", false)]
    [TestCase("node.labels.missing==x", "worker", false)]
    [TestCase("node.labels.missing!=x", "worker", true)]
    [TestCase("node.platform.os==linux", "worker", true)]
    [TestCase("node.platform.arch!=x86_64", "worker", false)]
    [TestCase("node.id==w", "worker", true)]
    [TestCase("engine.labels.zone==a", "worker", false)]
    public void PlacementConstraint_MatchesAsSwarmDoes(string text, string role, bool matches)
    {
        var constraint = PlacementConstraint.TryParse(text);

        Assert.That(constraint, Is.Not.Null);
        Assert.That(constraint!.Matches(Node("w", role, "wn1", "true")), Is.EqualTo(matches));
    }

    [TestCase("")]
    [TestCase("worker")]
    [TestCase("==worker")]
    [TestCase("node.role==")]
    [TestCase("node.labels.==x")]
    [TestCase("node.name==x")]
    [TestCase("role=worker")]
    public void PlacementConstraint_NotOneSwarmUnderstands_IsNotParsed(string text) =>
        Assert.That(PlacementConstraint.TryParse(text), Is.Null);
}
