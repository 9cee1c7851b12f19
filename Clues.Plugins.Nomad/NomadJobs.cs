using Clues.Core.Model;
using Clues.Plugins.Nomad.Api;

namespace Clues.Plugins.Nomad;

/// <summary>Turns a Nomad job's task groups into CLUES jobs (spec clues-plugins §2.7).</summary>
internal static class NomadJobs
{
    /// <summary>The constraint target whose value names the queue (Nomad's node class).</summary>
    public const string QueueConstraintTarget = "${node.class}";

    private const double MiB = 1 << 20;

    /// <summary>
    /// One job per task group of the summary that has a queue: id <c>&lt;job&gt;-&lt;group&gt;</c> (with
    /// <c>&lt;namespace&gt;/</c> in front outside the default namespace), PENDING while allocations are queued or
    /// starting and the job is not dead, else SERVED.
    /// </summary>
    /// <param name="queueless">Receives the groups dropped because no queue constraint names a queue (CLUES drops them too).</param>
    public static IEnumerable<JobInfo> ToJobInfos(NomadJobStub stub, NomadJob? job, NomadLrmsOptions options, Action<string> queueless)
    {
        var id = stub.Id ?? throw new FormatException("a job has no ID");
        var prefix = stub.Namespace is null or "" or "default" ? "" : stub.Namespace + "/";
        foreach (var (groupName, summary) in stub.JobSummary?.Summary ?? [])
        {
            var group = job?.TaskGroups?.FirstOrDefault(g => g.Name == groupName);
            // KEEP: the last matching constraint of the group wins. FIX: a job-level constraint applies to every group
            // in Nomad; CLUES read only the group's.
            var queue = Queue(group?.Constraints, options) ?? Queue(job?.Constraints, options);
            if (group is null || queue is null)
            {
                queueless($"{prefix}{id}-{groupName}");
                continue;
            }
            var pending = (summary.Queued > 0 || summary.Starting > 0) && stub.Status != "dead";
            double cpus = 0, memory = 0;
            foreach (var task in group.Tasks ?? [])
            {
                // Cores reserves whole cores; CPU is MHz (one or the other is set).
                cpus += task.Resources?.Cores is > 0 and var cores ? cores : (task.Resources?.Cpu ?? 0) / options.MhzPerCore;
                memory += (task.Resources?.MemoryMB ?? 0) * MiB;
            }
            // FIX: CLUES asked for one allocation whatever the number queued.
            var tasks = pending ? (int)Math.Clamp(summary.Queued, 1, int.MaxValue) : 1;
            string[] expressions = [$"\"{queue}\" in queues", $"{NomadNodes.ScheduleKeyword} == 1"];
            yield return new JobInfo(new Resources(cpus, memory, expressions, tasks), prefix + id + "-" + groupName, [],
                pending ? RequestState.Pending : RequestState.Served);
        }
    }

    private static string? Queue(List<Constraint>? constraints, NomadLrmsOptions options) =>
        constraints?.LastOrDefault(c => c.LTarget == QueueConstraintTarget && c.RTarget is not null && options.Queues.Contains(c.RTarget, StringComparer.Ordinal))?.RTarget;

    /// <summary>The cache key of a job's details.</summary>
    public static string Key(NomadJobStub stub) => (stub.Namespace ?? "") + "\n" + stub.Id;

}
