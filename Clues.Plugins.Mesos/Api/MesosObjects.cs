using System.Text.Json.Serialization;

namespace Clues.Plugins.Mesos.Api;

// The few fields the plugin reads from the Mesos master (http://mesos.apache.org/documentation/latest/endpoints/),
// Marathon (https://mesosphere.github.io/marathon/api-console/) and Chronos (https://mesos.github.io/chronos/docs/api.html).
// Unknown fields are skipped; a field of the wrong type is an error naming the request, never a zero.

/// <summary><c>GET /master/slaves</c>.</summary>
internal sealed class MesosAgentList
{
    [JsonPropertyName("slaves")] public List<MesosAgent>? Agents { get; init; }
}

/// <summary>An agent (CLUES' "slave").</summary>
internal sealed class MesosAgent
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("hostname")] public string? Hostname { get; init; }
    [JsonPropertyName("active")] public bool Active { get; init; }
    [JsonPropertyName("resources")] public MesosResources? Resources { get; init; }

    /// <summary>Absent before Mesos 0.23 (CLUES' fixture); the running tasks stand in then.</summary>
    [JsonPropertyName("used_resources")] public MesosResources? UsedResources { get; init; }
}

/// <summary>A resource set: CPUs, and memory in MB.</summary>
internal sealed class MesosResources
{
    [JsonPropertyName("cpus")] public double Cpus { get; init; }
    [JsonPropertyName("mem")] public double Mem { get; init; }
}

/// <summary><c>GET /master/state.json</c>: only the frameworks are read.</summary>
internal sealed class MesosState
{
    [JsonPropertyName("frameworks")] public List<MesosFramework>? Frameworks { get; init; }
}

internal sealed class MesosFramework
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("resources")] public MesosResources? Resources { get; init; }
    [JsonPropertyName("webui_url")] public string? WebUiUrl { get; init; }
    [JsonPropertyName("tasks")] public List<MesosTask>? Tasks { get; init; }
}

/// <summary><c>GET /master/tasks.json</c> (one page).</summary>
internal sealed class MesosTaskList
{
    [JsonPropertyName("tasks")] public List<MesosTask>? Tasks { get; init; }
}

internal sealed class MesosTask
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("slave_id")] public string? AgentId { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("resources")] public MesosResources? Resources { get; init; }
}

/// <summary>Marathon's <c>GET /v2/apps?embed=tasks</c>.</summary>
internal sealed class MarathonAppList
{
    [JsonPropertyName("apps")] public List<MarathonApp>? Apps { get; init; }
}

internal sealed class MarathonApp
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("cpus")] public double Cpus { get; init; }
    [JsonPropertyName("mem")] public double Mem { get; init; }
    [JsonPropertyName("instances")] public int Instances { get; init; }
    [JsonPropertyName("tasksRunning")] public int TasksRunning { get; init; }
    [JsonPropertyName("tasks")] public List<MarathonTask>? Tasks { get; init; }
}

internal sealed class MarathonTask
{
    [JsonPropertyName("host")] public string? Host { get; init; }
}

/// <summary>One of Chronos' <c>GET /scheduler/jobs</c>.</summary>
internal sealed class ChronosJob
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("cpus")] public double Cpus { get; init; }
    [JsonPropertyName("mem")] public double Mem { get; init; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MesosAgentList))]
[JsonSerializable(typeof(MesosState))]
[JsonSerializable(typeof(MesosTaskList))]
[JsonSerializable(typeof(MarathonAppList))]
[JsonSerializable(typeof(List<ChronosJob>))]
internal sealed partial class MesosJson : JsonSerializerContext;
