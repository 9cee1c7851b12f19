namespace Clues.SlurmWrapper;

/// <summary>What a submitted batch job asks for, as CLUES' <c>request_create</c> takes it.</summary>
/// <param name="CpusPerTask">CPUs each task needs (<c>-c</c>/<c>--cpus-per-task</c>, default 1).</param>
/// <param name="MemoryBytes">
/// Memory one task needs, in bytes: <c>--mem-per-cpu</c> × CPUs per task, else <c>--mem</c> (per node in Slurm, so an
/// upper bound for a task), else 0.
/// </param>
/// <param name="TaskCount">
/// How many tasks CLUES must place: <c>-n</c>/<c>--ntasks</c> when given, else the minimum node count
/// (<c>-N</c>/<c>--nodes</c>, default 1), as CLUES' wrapper did.
/// </param>
/// <param name="Partitions">The partitions the job may run in (<c>-p</c>/<c>--partition</c>); empty = Slurm's default.</param>
internal sealed record SbatchJob(int CpusPerTask, long MemoryBytes, int TaskCount, IReadOnlyList<string> Partitions)
{
    /// <summary>
    /// The requirement CLUES checks against each node's <c>queues</c> keyword: <c>"p" in queues</c>, one such term
    /// per partition joined with <c>||</c>, or empty (any node) when no partition was asked for.
    /// </summary>
    public string QueueExpression => Partitions.Count switch
    {
        0 => "",
        1 => InQueues(Partitions[0]),
        // Parenthesised: "in" takes the whole expression on its left in CLUES' requirement language.
        _ => string.Join(" || ", Partitions.Select(p => "(" + InQueues(p) + ")")),
    };

    private static string InQueues(string partition) => "\"" + partition + "\" in queues";
}
