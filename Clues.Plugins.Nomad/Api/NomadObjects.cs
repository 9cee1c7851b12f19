using System.Text.Json.Serialization;

namespace Clues.Plugins.Nomad.Api;

// The few fields of Nomad's API objects the plugin reads (https://developer.hashicorp.com/nomad/api-docs: nodes,
// allocations, jobs). Nomad writes PascalCase names with upper-case initialisms (ID, NodeID, CPU, MemoryMB).
// Everything is optional: a field the agent leaves out reads as empty, and unknown fields are skipped.

/// <summary>A node, as <c>GET /v1/nodes?resources=true</c> lists it or <c>GET /v1/node/:id</c> returns it.</summary>
internal sealed class NomadNode
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? NodeClass { get; init; }

    /// <summary><c>initializing</c>, <c>ready</c>, <c>down</c> or <c>disconnected</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>eligible</c> or <c>ineligible</c> for new allocations.</summary>
    public string? SchedulingEligibility { get; init; }

    /// <summary>Present while a drain runs (the full node only; the list has <see cref="Drain"/>).</summary>
    public DrainStrategy? DrainStrategy { get; init; }
    public bool? Drain { get; init; }

    /// <summary>The last drain started on the node: who asked (its metadata) and how it ended.</summary>
    public DrainMetadata? LastDrain { get; init; }
    public NodeResources? NodeResources { get; init; }
    public NodeResources? ReservedResources { get; init; }
}

internal sealed class DrainStrategy
{
    public long? Deadline { get; init; }
}

internal sealed class DrainMetadata
{
    /// <summary><c>draining</c>, <c>complete</c> or <c>canceled</c>.</summary>
    public string? Status { get; init; }
    public Dictionary<string, string>? Meta { get; init; }
}

internal sealed class NodeResources
{
    public CpuResources? Cpu { get; init; }
    public MemoryResources? Memory { get; init; }
}

internal sealed class CpuResources
{
    /// <summary>MHz (all cores together on a node; a task's share in an allocation).</summary>
    public long? CpuShares { get; init; }
    public long? TotalCpuCores { get; init; }
}

internal sealed class MemoryResources
{
    public long? MemoryMB { get; init; }
}

/// <summary>An allocation: the list's stub (<c>JobType</c>) or the node's full allocation (<c>Job.Type</c>).</summary>
internal sealed class NomadAllocation
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }
    [JsonPropertyName("NodeID")]
    public string? NodeId { get; init; }
    [JsonPropertyName("JobID")]
    public string? JobId { get; init; }
    public string? JobType { get; init; }
    public JobTypeOnly? Job { get; init; }
    public string? TaskGroup { get; init; }

    /// <summary><c>pending</c>, <c>running</c>, <c>complete</c>, <c>failed</c>, <c>lost</c> or <c>unknown</c>.</summary>
    public string? ClientStatus { get; init; }
    public AllocatedResources? AllocatedResources { get; init; }
}

internal sealed class JobTypeOnly
{
    public string? Type { get; init; }
}

internal sealed class AllocatedResources
{
    public Dictionary<string, AllocatedTaskResources>? Tasks { get; init; }
}

internal sealed class AllocatedTaskResources
{
    public CpuResources? Cpu { get; init; }
    public MemoryResources? Memory { get; init; }
}

/// <summary>A job as <c>GET /v1/jobs</c> lists it.</summary>
internal sealed class NomadJobStub
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }
    public string? Namespace { get; init; }

    /// <summary><c>pending</c>, <c>running</c> or <c>dead</c>.</summary>
    public string? Status { get; init; }
    public ulong? JobModifyIndex { get; init; }
    public JobSummary? JobSummary { get; init; }
}

internal sealed class JobSummary
{
    public Dictionary<string, TaskGroupSummary>? Summary { get; init; }
}

internal sealed class TaskGroupSummary
{
    public long Queued { get; init; }
    public long Starting { get; init; }
    public long Running { get; init; }
}

/// <summary>A job as <c>GET /v1/job/:id</c> returns it.</summary>
internal sealed class NomadJob
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }
    public List<Constraint>? Constraints { get; init; }
    public List<TaskGroup>? TaskGroups { get; init; }
}

internal sealed class Constraint
{
    public string? LTarget { get; init; }
    public string? RTarget { get; init; }
    public string? Operand { get; init; }
}

internal sealed class TaskGroup
{
    public string? Name { get; init; }
    public long? Count { get; init; }
    public List<Constraint>? Constraints { get; init; }
    public List<NomadTask>? Tasks { get; init; }
}

internal sealed class NomadTask
{
    public string? Name { get; init; }
    public TaskResources? Resources { get; init; }
}

internal sealed class TaskResources
{
    /// <summary>MHz.</summary>
    [JsonPropertyName("CPU")]
    public long? Cpu { get; init; }

    /// <summary>Whole cores reserved (Nomad 1.1 and later), instead of <see cref="Cpu"/>.</summary>
    public long? Cores { get; init; }
    public long? MemoryMB { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(List<NomadNode>))]
[JsonSerializable(typeof(NomadNode))]
[JsonSerializable(typeof(List<NomadAllocation>))]
[JsonSerializable(typeof(List<NomadJobStub>))]
[JsonSerializable(typeof(NomadJob))]
internal sealed partial class NomadJson : JsonSerializerContext;
