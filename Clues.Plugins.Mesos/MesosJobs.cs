using Clues.Core.Model;
using Clues.Plugins.Mesos.Api;

namespace Clues.Plugins.Mesos;

/// <summary>How frameworks, Marathon apps and Chronos jobs become CLUES jobs (spec clues-plugins §2.6). Every request expression is empty.</summary>
internal static class MesosJobs
{
    /// <summary>The memory of a job that states none: 512 MiB.</summary>
    public const double DefaultMemory = 536870912;

    /// <summary>Frameworks that are schedulers of other jobs, reported through their own APIs instead (CLUES' list, KEEP).</summary>
    public static bool IsScheduler(MesosFramework framework) => framework.Name is "chronos" or "chronos-2.4.0" or "marathon";

    /// <summary>
    /// A framework: its CPUs (or a Spark driver's <c>spark.cores.max</c>) as that many one-slot tasks, each with the
    /// framework's memory; PENDING while it has no task or its last task is TASK_PENDING, else ATTENDED.
    /// </summary>
    /// <param name="agentHostnames">Agent id → hostname, for the nodes its tasks run on.</param>
    /// <param name="spark">What the framework's Spark web UI says, (0, 0) when it says nothing.</param>
    public static JobInfo FromFramework(MesosFramework framework, IReadOnlyDictionary<string, string> agentHostnames, (int Cpus, long Memory) spark)
    {
        var memory = (framework.Resources?.Mem ?? 0) * MesosNodes.MiB;
        var cpus = framework.Resources?.Cpus ?? 0;
        if (spark.Cpus > 0)
        {
            cpus = spark.Cpus;
        }
        if (spark.Memory > 0)
        {
            memory = spark.Memory;
        }
        var tasks = framework.Tasks ?? [];
        var state = tasks.Count == 0 || tasks[^1].State == "TASK_PENDING" ? RequestState.Pending : RequestState.Attended;
        var nodes = tasks.Select(t => t.AgentId is null ? null : agentHostnames.GetValueOrDefault(t.AgentId)).OfType<string>().ToList();
        // KEEP the shape (spec §2.6 quirk): CLUES asks for cpus one-slot tasks; a fraction of a CPU is one task here.
        var taskCount = cpus <= 0 ? 1 : (int)Math.Min(Math.Ceiling(cpus), int.MaxValue);
        return new JobInfo(new Resources(1, memory <= 0 ? DefaultMemory : memory, [""], taskCount), framework.Id!, nodes, state);
    }

    /// <summary>
    /// A Marathon app: <c>instances</c> tasks of its CPUs (1 when it states none) and memory; ATTENDED once it has tasks
    /// and at least <c>instances</c> run, else PENDING. A suspended app (no instances) asks for nothing and is skipped.
    /// </summary>
    public static JobInfo? FromMarathonApp(MarathonApp app)
    {
        if (app.Instances <= 0 || string.IsNullOrEmpty(app.Id))
        {
            return null;
        }
        var memory = app.Mem * MesosNodes.MiB;
        var tasks = app.Tasks ?? [];
        var state = tasks.Count > 0 && app.TasksRunning >= app.Instances ? RequestState.Attended : RequestState.Pending;
        return new JobInfo(new Resources(app.Cpus <= 0 ? 1 : app.Cpus, memory <= 0 ? DefaultMemory : memory, [""], app.Instances),
            app.Id, tasks.Select(t => t.Host).OfType<string>().ToList(), state);
    }

    /// <summary>
    /// A Chronos job: one task of its CPUs and memory, on the agents of the master's tasks named <c>ChronosTask:&lt;name&gt;</c>;
    /// PENDING while the graph says <c>queued</c>, UNKNOWN when the graph does not list it, else ATTENDED.
    /// </summary>
    public static JobInfo FromChronosJob(ChronosJob job, IEnumerable<string> nodes, string? graphState)
    {
        var memory = job.Mem * MesosNodes.MiB;
        var state = graphState switch { null => RequestState.Unknown, "queued" => RequestState.Pending, _ => RequestState.Attended };
        return new JobInfo(new Resources(job.Cpus, memory <= 0 ? DefaultMemory : memory, [""], 1), job.Name!, nodes.ToList(), state);
    }

    /// <summary>The name of the Mesos tasks a Chronos job runs as.</summary>
    public static string ChronosTaskName(string job) => "ChronosTask:" + job;
}
