namespace Clues.Core.Simulation;

/// <summary>A simulated batch job (cluessim <c>Job</c>): per-task cores and memory, a duration and a task count.</summary>
public sealed class SimJob(string name, double cores, double memory, double seconds, int taskCount)
{
    public string Name { get; } = name;
    public double Cores { get; } = cores;
    public double Memory { get; } = memory;
    public double Seconds { get; } = seconds;
    public int TaskCount { get; } = taskCount;

    /// <summary>
    /// The run time the user asked for (SWF field 9), which a backfilling queue plans with; the run time when unknown.
    /// </summary>
    public double RequestedSeconds { get; init; } = seconds;
    public bool Queued { get; set; }
    public double? Started { get; set; }
    public double? Finished { get; set; }
    public List<string> Nodes { get; } = [];
}
