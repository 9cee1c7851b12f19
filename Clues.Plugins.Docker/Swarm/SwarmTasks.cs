using Docker.DotNet.Models;

namespace Clues.Plugins.Docker.Swarm;

/// <summary>How the plugins read Swarm tasks and nodes.</summary>
internal static class SwarmTasks
{
    /// <summary>NanoCPUs per CPU (Swarm counts CPUs in billionths).</summary>
    public const double NanoCpusPerCpu = 1e9;

    /// <summary>
    /// True when the task holds its node: assigned to it and not yet ended (assigned, accepted, preparing, ready,
    /// starting, running). Such a task uses its reservation there, and a node with one must not be powered off.
    /// </summary>
    public static bool IsActive(TaskResponse task) =>
        !string.IsNullOrEmpty(task.NodeID)
        && task.Status?.State is TaskState.Assigned or TaskState.Accepted or TaskState.Preparing
            or TaskState.Ready or TaskState.Starting or TaskState.Running;

    /// <summary>
    /// True when the task waits because no node can take it (state pending, the scheduler's error saying
    /// "no suitable node" or "insufficient resources"), which is demand CLUES can answer by powering a node on.
    /// </summary>
    public static bool IsUnschedulable(TaskResponse task) =>
        task.Status?.State == TaskState.Pending
        // A service task wants "running", a replicated-job task "complete"; anything else is being removed.
        && task.DesiredState is null or TaskState.Running or TaskState.Complete
        && task.Status.Err is { } err
        && (err.Contains("insufficient resources", StringComparison.OrdinalIgnoreCase)
            || err.Contains("no suitable node", StringComparison.OrdinalIgnoreCase));

    /// <summary>The CPUs the task reserves (0 when it reserves none).</summary>
    public static double ReservedCpus(TaskResponse task) =>
        (task.Spec?.Resources?.Reservations?.NanoCPUs ?? 0) / NanoCpusPerCpu;

    /// <summary>The memory the task reserves, bytes (0 when it reserves none).</summary>
    public static double ReservedMemory(TaskResponse task) =>
        task.Spec?.Resources?.Reservations?.MemoryBytes ?? 0;

    /// <summary>True for a node that can run tasks now (<c>Status.State</c> ready).</summary>
    public static bool IsReady(NodeListResponse node) =>
        string.Equals(node.Status?.State, "ready", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a manager node.</summary>
    public static bool IsManager(NodeListResponse node) =>
        string.Equals(node.Spec?.Role, "manager", StringComparison.OrdinalIgnoreCase) || node.ManagerStatus is not null;

    /// <summary>The node's name for CLUES: its hostname (what docker-machine and the wrapper call it).</summary>
    public static string? NameOf(NodeListResponse node) =>
        string.IsNullOrEmpty(node.Description?.Hostname) ? node.Spec?.Name : node.Description.Hostname;
}
