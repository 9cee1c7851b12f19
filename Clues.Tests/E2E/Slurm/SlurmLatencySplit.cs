using System.Globalization;
using Clues.Tests.Integration.Lab;
using NUnit.Framework;

namespace Clues.Tests.E2E.Slurm;

/// <summary>
/// Where the time goes from <c>sbatch</c> (the wrapper) on a powered-off cluster to the job's start, from CLUES' log,
/// the Slurm samples (200 ms) and Slurm's own start time of the job (whole seconds).
/// </summary>
internal sealed record SlurmLatencySplit(
    string Node, TimeSpan Detection, TimeSpan Decision, TimeSpan PowerOnCommand, TimeSpan Registration, TimeSpan Scheduling, TimeSpan Total)
{
    public static async Task<SlurmLatencySplit> FromAsync(ElasticSlurm cluster, SlurmLab lab, SubmittedJob job, string node)
    {
        var log = cluster.CluesLog;
        var requested = Require(LogTimes.First(log, "new request "), "CLUES' 'new request' line");
        var decided = Require(LogTimes.First(log, "powering on node " + node), $"CLUES' 'powering on node {node}' line");
        var commandDone = Require(LogTimes.First(log, $"Power command for node {node} succeeded"), "the power-on command's success line");
        var registered = Require(cluster.SlurmHistory.FirstOrDefault(s => s.Name == node && s.At >= decided && IsUp(s.State))?.At,
            $"{node} up in Slurm after the power-on");
        var startText = (await lab.JobAsync(job.Id)).GetValueOrDefault("StartTime", "");
        var started = new DateTimeOffset(DateTime.ParseExact(startText, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal));
        return new SlurmLatencySplit(node, requested - job.Submitted, decided - requested, commandDone - decided,
            registered - commandDone, started - registered, started - job.Submitted);
    }

    private static bool IsUp(string state) => state.Split('+')[0] is "IDLE" or "MIXED" or "ALLOCATED" && !state.Contains("NOT_RESPONDING", StringComparison.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"total {Total.TotalSeconds:0.0} s from sbatch to the job's start (Slurm, whole seconds) = detection (wrapper -> CLUES request) " +
        $"{Detection.TotalSeconds:0.00} s, decision (request -> power on {Node}) {Decision.TotalSeconds:0.00} s, power-on command " +
        $"{PowerOnCommand.TotalSeconds:0.00} s, registration in Slurm (200 ms samples) {Registration.TotalSeconds:0.00} s, Slurm scheduling {Scheduling.TotalSeconds:0.0} s");

    private static DateTimeOffset Require(DateTimeOffset? value, string what) =>
        value ?? throw new AssertionException($"latency split: no time for {what}");
}
