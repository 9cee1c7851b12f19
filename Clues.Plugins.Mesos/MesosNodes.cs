using Clues.Core.Http;
using Clues.Core.Model;
using Clues.Plugins.Mesos.Api;

namespace Clues.Plugins.Mesos;

/// <summary>How a Mesos agent is reported (spec clues-plugins §2.6).</summary>
internal static class MesosNodes
{
    /// <summary>Mesos reports memory in MB (2^20 bytes).</summary>
    public const double MiB = 1048576;

    /// <summary>Task states in which a task holds its agent's resources.</summary>
    public static bool IsActive(MesosTask task) => task.State is "TASK_STAGING" or "TASK_STARTING" or "TASK_RUNNING" or "TASK_KILLING";

    /// <summary>CPUs and MB held by the active tasks, by agent id (for a master that does not send <c>used_resources</c>).</summary>
    public static Dictionary<string, (double Cpus, double Mem)> UsageByAgent(IEnumerable<MesosTask> tasks)
    {
        var usage = new Dictionary<string, (double Cpus, double Mem)>(StringComparer.Ordinal);
        foreach (var task in tasks.Where(t => t.AgentId is not null && IsActive(t)))
        {
            var (cpus, mem) = usage.GetValueOrDefault(task.AgentId!);
            usage[task.AgentId!] = (cpus + (task.Resources?.Cpus ?? 0), mem + (task.Resources?.Mem ?? 0));
        }
        return usage;
    }

    /// <summary>
    /// The virtual node <paramref name="vnode"/> as the master reports it: totals from <c>resources</c>, use from
    /// <c>used_resources</c> (or <paramref name="taskUsage"/>); active → USED when anything is used, else IDLE; inactive → OFF.
    /// </summary>
    /// <remarks>The file's keywords stay (CLUES dropped them once the agent was up, so a requirement on them failed while it ran).</remarks>
    public static NodeInfo ToNodeInfo(NodeInfo vnode, MesosAgent agent, (double Cpus, double Mem) taskUsage)
    {
        var total = agent.Resources ?? throw new RestApiException($"Mesos master agents: agent {agent.Id} ({agent.Hostname}) has no \"resources\"");
        var (usedCpus, usedMem) = agent.UsedResources is { } used ? (used.Cpus, used.Mem) : taskUsage;
        var state = !agent.Active ? NodeState.Off : usedCpus > 0 || usedMem > 0 ? NodeState.Used : NodeState.Idle;
        return new NodeInfo(vnode.Name, total.Cpus, total.Cpus - usedCpus, total.Mem * MiB, (total.Mem - usedMem) * MiB, vnode.Keywords, state);
    }
}
