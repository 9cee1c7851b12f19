using System.Text.Json.Nodes;

namespace Clues.Tests.Plugins.Nomad;

/// <summary>
/// Nomad API objects with the fields and shapes of the API reference's sample responses
/// (https://developer.hashicorp.com/nomad/api-docs/nodes, /allocations, /jobs): a node as <c>GET /v1/node/:id</c>
/// returns it (the list serves the same object), an allocation stub as <c>GET /v1/allocations?resources=true</c>
/// lists it, a job stub as <c>GET /v1/jobs</c> lists it and a job as <c>GET /v1/job/:id</c> returns it.
/// </summary>
internal static class NomadClusterObjects
{
    public const string NodeClassConstraint = "${node.class}";

    /// <summary>A client node; its ID is derived from the name so tests can find it.</summary>
    public static JsonObject Node(string name, string status = "ready", long cpuMhz = 10400, int cores = 4, long memoryMb = 8192,
        string nodeClass = "default", string eligibility = "eligible", long reservedMhz = 0, long reservedMemoryMb = 0) => new()
    {
        ["ID"] = NodeId(name),
        ["SecretID"] = "",
        ["Datacenter"] = "dc1",
        ["Name"] = name,
        ["HTTPAddr"] = "10.0.0." + (Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 250) + ":4646",
        ["TLSEnabled"] = false,
        ["Attributes"] = new JsonObject { ["cpu.arch"] = "amd64", ["kernel.name"] = "linux", ["os.name"] = "debian", ["unique.hostname"] = name },
        ["NodeResources"] = new JsonObject
        {
            ["Cpu"] = new JsonObject { ["CpuShares"] = cpuMhz, ["TotalCpuCores"] = cores, ["ReservableCpuCores"] = new JsonArray() },
            ["Memory"] = new JsonObject { ["MemoryMB"] = memoryMb },
            ["Disk"] = new JsonObject { ["DiskMB"] = 50000 },
            ["Networks"] = new JsonArray(),
        },
        ["ReservedResources"] = new JsonObject
        {
            ["Cpu"] = new JsonObject { ["CpuShares"] = reservedMhz },
            ["Memory"] = new JsonObject { ["MemoryMB"] = reservedMemoryMb },
            ["Disk"] = new JsonObject { ["DiskMB"] = 0 },
        },
        ["Links"] = new JsonObject { ["consul"] = "dc1." + name },
        ["Meta"] = new JsonObject { ["connect.log_level"] = "info" },
        ["NodeClass"] = nodeClass,
        ["Drain"] = false,
        ["DrainStrategy"] = null,
        ["LastDrain"] = null,
        ["SchedulingEligibility"] = eligibility,
        ["Status"] = status,
        ["StatusDescription"] = "",
        ["CreateIndex"] = 6,
        ["ModifyIndex"] = 2526,
    };

    public static string NodeId(string name) => "f7476465-4d6e-c0de-" + name.PadLeft(4, '0')[..4] + "-" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(name)).ToLowerInvariant();

    /// <summary>An allocation of a job's group on a node, with its tasks' allocated resources.</summary>
    public static JsonObject Allocation(string id, string node, string job, string group = "group", string jobType = "batch",
        string clientStatus = "running", long cpuMhz = 500, long memoryMb = 256, string jobNamespace = "default") => new()
    {
        ["ID"] = id,
        ["EvalID"] = "5456bd7a-9fc0-c0dd-6131-cbee77f57577",
        ["Name"] = $"{job}.{group}[0]",
        ["Namespace"] = jobNamespace,
        ["NodeID"] = NodeId(node),
        ["NodeName"] = node,
        ["JobID"] = job,
        ["JobType"] = jobType,
        ["JobVersion"] = 0,
        ["TaskGroup"] = group,
        ["AllocatedResources"] = new JsonObject
        {
            ["Tasks"] = new JsonObject
            {
                ["task"] = new JsonObject
                {
                    ["Cpu"] = new JsonObject { ["CpuShares"] = cpuMhz, ["ReservedCores"] = null },
                    ["Memory"] = new JsonObject { ["MemoryMB"] = memoryMb, ["MemoryMaxMB"] = 0 },
                    ["Networks"] = null,
                },
            },
            ["Shared"] = new JsonObject { ["DiskMB"] = 300, ["Networks"] = null, ["Ports"] = null },
        },
        ["DesiredStatus"] = "run",
        ["DesiredDescription"] = "",
        ["ClientStatus"] = clientStatus,
        ["ClientDescription"] = "",
        ["TaskStates"] = null,
        ["FollowupEvalID"] = "",
        ["CreateIndex"] = 19,
        ["ModifyIndex"] = 22,
        ["CreateTime"] = 1511397255000000000,
        ["ModifyTime"] = 1511397255000000000,
    };

    /// <summary>A job as the job list shows it, with one summary per group: (group, queued, starting, running).</summary>
    public static JsonObject JobStub(string id, string status = "running", string type = "batch", long modifyIndex = 7,
        string jobNamespace = "default", params (string Group, int Queued, int Starting, int Running)[] groups)
    {
        var summary = new JsonObject();
        foreach (var (group, queued, starting, running) in groups.Length > 0 ? groups : [("group", 0, 0, 1)])
        {
            summary[group] = new JsonObject
            {
                ["Queued"] = queued, ["Complete"] = 0, ["Failed"] = 0, ["Running"] = running, ["Starting"] = starting, ["Lost"] = 0, ["Unknown"] = 0,
            };
        }
        return new JsonObject
        {
            ["ID"] = id,
            ["ParentID"] = "",
            ["Name"] = id,
            ["Namespace"] = jobNamespace,
            ["Datacenters"] = new JsonArray("dc1"),
            ["Multiregion"] = null,
            ["Type"] = type,
            ["Priority"] = 50,
            ["Periodic"] = false,
            ["ParameterizedJob"] = false,
            ["Stop"] = false,
            ["Status"] = status,
            ["StatusDescription"] = "",
            ["JobSummary"] = new JsonObject
            {
                ["JobID"] = id,
                ["Namespace"] = jobNamespace,
                ["Summary"] = summary,
                ["Children"] = new JsonObject { ["Pending"] = 0, ["Running"] = 0, ["Dead"] = 0 },
                ["CreateIndex"] = 52,
                ["ModifyIndex"] = 96,
            },
            ["CreateIndex"] = 52,
            ["ModifyIndex"] = 93,
            ["JobModifyIndex"] = modifyIndex,
            ["SubmitTime"] = 1700000000000000000,
        };
    }

    /// <summary>A full job with one task group: a node-class constraint naming <paramref name="queue"/> (none when null) and its tasks' (MHz, MB).</summary>
    public static JsonObject Job(string id, string? queue = "default", string group = "group", int count = 1,
        JsonArray? jobConstraints = null, params (long Cpu, long MemoryMb)[] tasks) =>
        JobWithGroups(id, jobConstraints, Group(group, queue, count, tasks));

    public static JsonObject JobWithGroups(string id, JsonArray? jobConstraints, params JsonObject[] groups) => new()
    {
        ["ID"] = id,
        ["Name"] = id,
        ["Namespace"] = "default",
        ["Type"] = "batch",
        ["Priority"] = 50,
        ["Datacenters"] = new JsonArray("dc1"),
        ["Constraints"] = jobConstraints,
        ["TaskGroups"] = new JsonArray(groups.Select(g => (JsonNode)g).ToArray()),
        ["Status"] = "pending",
        ["JobModifyIndex"] = 7,
    };

    public static JsonObject Group(string name, string? queue, int count = 1, params (long Cpu, long MemoryMb)[] tasks) => new()
    {
        ["Name"] = name,
        ["Count"] = count,
        ["Constraints"] = queue is null ? null : new JsonArray(Constraint(NodeClassConstraint, queue)),
        ["Tasks"] = new JsonArray((tasks.Length > 0 ? tasks : [(500L, 256L)]).Select((t, i) => (JsonNode)new JsonObject
        {
            ["Name"] = "task" + i,
            ["Driver"] = "docker",
            ["Config"] = new JsonObject { ["image"] = "busybox:1", ["command"] = "sleep", ["args"] = new JsonArray("600") },
            ["Resources"] = new JsonObject { ["CPU"] = t.Cpu, ["Cores"] = 0, ["MemoryMB"] = t.MemoryMb, ["MemoryMaxMB"] = 0, ["DiskMB"] = 0 },
        }).ToArray()),
        ["EphemeralDisk"] = new JsonObject { ["SizeMB"] = 300 },
    };

    public static JsonObject Constraint(string left, string right, string operand = "=") =>
        new() { ["LTarget"] = left, ["RTarget"] = right, ["Operand"] = operand };
}
