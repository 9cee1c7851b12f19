using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Clues.Tests.E2E;

/// <summary>
/// Where the time goes from <c>docker run</c> on a powered-off cluster to the job's first output line, from the
/// wrapper's and CLUES' logs, the Swarm samples and the CLI's output.
/// </summary>
internal sealed partial record LatencySplit(
    string Node, TimeSpan Capture, TimeSpan Detection, TimeSpan Decision, TimeSpan PowerOnCommand, TimeSpan NodeReady, TimeSpan Dispatch, TimeSpan Total)
{
    public static LatencySplit From(ElasticSwarm swarm, StreamedRun run)
    {
        var wrapper = swarm.WrapperLog;
        var clues = swarm.CluesLog;
        var captured = Require(LogTimes.First(wrapper, "captured: image"), "the wrapper's 'captured' line");
        var requested = Require(LogTimes.First(clues, ";new request "), "CLUES' 'new request' line");
        var decided = Require(LogTimes.First(clues, ";powering on node "), "CLUES' 'powering on node' line");
        var node = PoweringOn().Match(clues).Groups[1].Value;
        var commandDone = Require(LogTimes.First(clues, $"Power command for node {node} succeeded"), "the power-on command's success line");
        var ready = Require(ElasticSwarm.FirstTime(swarm.SwarmHistory, node, "ready", decided), $"{node} Ready in Swarm");
        var firstLine = Require(run.FirstLine, "the job's first output line");
        var readyOrDone = ready > commandDone ? ready : commandDone;
        return new LatencySplit(node, captured - run.Started, requested - captured, decided - requested, commandDone - decided,
            ready - commandDone, firstLine - readyOrDone, firstLine - run.Started);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"total {Total.TotalSeconds:0.00} s to the first output line = CLI to wrapper {Capture.TotalSeconds:0.00} s, " +
        $"detection (captured -> CLUES request) {Detection.TotalSeconds:0.00} s, decision (request -> power on {Node}) {Decision.TotalSeconds:0.00} s, " +
        $"power-on command {PowerOnCommand.TotalSeconds:0.00} s, node Ready after the command {NodeReady.TotalSeconds:0.00} s, " +
        $"dispatch (Ready -> first line) {Dispatch.TotalSeconds:0.00} s");

    private static DateTimeOffset Require(DateTimeOffset? value, string what) =>
        value ?? throw new AssertionException($"latency split: no time for {what}");

    [GeneratedRegex(@";powering on node (\S+)")]
    private static partial Regex PoweringOn();
}
