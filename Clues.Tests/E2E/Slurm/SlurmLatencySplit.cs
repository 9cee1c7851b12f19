using System.Globalization;
using NUnit.Framework;

namespace Clues.Tests.E2E.Slurm;

/// <summary>
/// Where the time goes from <c>sbatch</c> (the wrapper) on a powered-off cluster to the job's start: CLUES' log, the
/// Slurm samples (every 200 ms) and the job's own first action (<c>date +%s.%N</c>, its second output line).
/// </summary>
internal sealed record SlurmLatencySplit(
    string Node, TimeSpan Detection, TimeSpan Decision, TimeSpan PowerOnCommand, TimeSpan Registration, TimeSpan Scheduling, TimeSpan Total)
{
    public static SlurmLatencySplit From(ElasticSlurm cluster, SubmittedJob job, string node, DateTimeOffset jobStarted)
    {
        var log = cluster.CluesLog;
        var requested = Require(LogTimes.First(log, "new request "), "CLUES' 'new request' line");
        var decided = Require(LogTimes.First(log, "powering on node " + node), $"CLUES' 'powering on node {node}' line");
        var commandDone = Require(LogTimes.First(log, $"Power command for node {node} succeeded"), "the power-on command's success line");
        var registered = Require(cluster.SlurmHistory.FirstOrDefault(s => s.Name == node && s.At >= decided && IsUp(s.State))?.At,
            $"{node} up in Slurm after the power-on");
        return new SlurmLatencySplit(node, requested - job.Submitted, decided - requested, commandDone - decided,
            registered - decided, jobStarted - registered, jobStarted - job.Submitted);
    }

    private static bool IsUp(string state) => state.Split('+')[0] is "IDLE" or "MIXED" or "ALLOCATED" && !state.Contains("NOT_RESPONDING", StringComparison.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"total {Total.TotalSeconds:0.00} s from sbatch to the job's first command = detection (wrapper start -> CLUES request) " +
        $"{Detection.TotalSeconds:0.00} s, decision (request -> power on {Node}) {Decision.TotalSeconds:0.00} s, power-on command " +
        $"{PowerOnCommand.TotalSeconds:0.00} s, node up in Slurm {Registration.TotalSeconds:0.00} s after the decision (200 ms samples; " +
        $"the command waits for slurmd), Slurm scheduling (node up -> job runs) {Scheduling.TotalSeconds:0.00} s");

    private static DateTimeOffset Require(DateTimeOffset? value, string what) =>
        value ?? throw new AssertionException($"latency split: no time for {what}");
}
