using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// What a dry run does instead of a power action: it logs and counts the decision, and leaves the node as the LRMS
/// reports it. Nothing changes, so the schedulers take the same decision again in the next pass; a decision repeated
/// pass after pass is logged once at Information (and counted once), then at Debug as the same decision.
/// </summary>
/// <remarks>
/// The node is not moved to POW_ON or POW_OFF: the LRMS would go on reporting it as it is, and the state machine
/// would take that for a failed or timed-out power action (OFF_ERR, backoff, quarantine) or an unexpected change.
/// </remarks>
/// <param name="metrics">Counts the decisions.</param>
/// <param name="logger">The daemon's logger.</param>
internal sealed partial class DryRunDecisions(DaemonMetrics metrics, ILogger logger)
{
    private readonly RepeatedDecisions _repeated = new();

    /// <summary>Records a power action that is not run; returns the failure the caller reports.</summary>
    /// <param name="action">The action decided.</param>
    /// <param name="node">The node.</param>
    /// <param name="requests">The requests it was decided for (empty if none).</param>
    public (bool Success, string Node, string? Error) Decide(PowerAction action, Node node, IReadOnlyList<long> requests)
    {
        var purpose = requests.Count switch
        {
            0 => "",
            1 => $" for request {requests[0]}",
            _ => $" for requests {string.Join(", ", requests)}",
        };
        if (_repeated.LevelFor(action.Verb + " " + node.Name) == LogLevel.Information)
        {
            Log.WouldPower(logger, action.Verb, node.Name, purpose);
            metrics.DryRunAction(action.Verb);
        }
        else
        {
            Log.StillWouldPower(logger, action.Verb, node.Name, purpose);
        }
        return (false, "", $"dry run: node {node.Name} would be powered {action.Verb}; no command was run");
    }

    /// <summary>Ends a scheduling pass: a decision not taken again in the next pass is news when it comes back.</summary>
    public void EndPass() => _repeated.EndRun();

    private static partial class Log
    {
        [LoggerMessage(EventId = 635, Level = LogLevel.Information, Message = "dry run: would power {Action} node {Node}{Purpose} (DRY_RUN: no command is run)")]
        public static partial void WouldPower(ILogger logger, string action, string node, string purpose);

        [LoggerMessage(EventId = 636, Level = LogLevel.Debug, Message = "dry run: still would power {Action} node {Node}{Purpose} (the same decision as in the previous pass)")]
        public static partial void StillWouldPower(ILogger logger, string action, string node, string purpose);
    }
}
