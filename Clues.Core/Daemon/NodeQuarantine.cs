using System.Globalization;
using Clues.Core.Hooks;
using Clues.Core.Model;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Daemon;

/// <summary>
/// The daemon's side of <see cref="PowerOnRetryPolicy"/>: it announces a node entering quarantine (log, metric,
/// <c>[hooks] QUARANTINE</c>), and in the recovery pass sends an OFF_ERR node back to OFF once its backoff is over,
/// or releases a quarantined one once QUARANTINE_TIME has passed.
/// </summary>
/// <param name="policy">When nodes may be retried and when they are quarantined.</param>
/// <param name="hooks">The <c>[hooks]</c> commands.</param>
/// <param name="metrics">Counts quarantines and releases.</param>
/// <param name="logger">The daemon's logger.</param>
internal sealed partial class NodeQuarantine(PowerOnRetryPolicy policy, HookRunner hooks, DaemonMetrics metrics, ILogger logger)
{
    /// <summary>Call on every node state change: a node that has just failed its last allowed power-on is quarantined.</summary>
    public void OnStateChanged(Node node, NodeState old, double now)
    {
        if (node.State != NodeState.OffErr || old == NodeState.OffErr)
        {
            return;
        }
        if (!policy.IsQuarantined(node))
        {
            if (policy.Delay(node.PowerOnOperationFailed) is var delay and > 0)
            {
                Log.BackingOff(logger, node.Name, node.PowerOnOperationFailed, delay);
            }
            return;
        }
        var until = policy.ReleaseAt(node) is { } at ? "until " + Clock(at) + " (QUARANTINE_TIME) or" : "until";
        Log.Quarantined(logger, node.Name, node.PowerOnOperationFailed, until);
        metrics.Quarantined();
        hooks.Fire("QUARANTINE", node.Name, node.PowerOnOperationFailed.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The recovery pass for one OFF_ERR node that is still under RETRIES_POWER_ON or whose quarantine may end:
    /// back to OFF (forced, spec §1.9) when its backoff is over, or when its QUARANTINE_TIME has passed, with a
    /// fresh set of retries. Returns whether the node changed.
    /// </summary>
    public bool Recover(Node node, double now)
    {
        if (policy.IsQuarantined(node))
        {
            if (policy.ReleaseAt(node) is not { } release || now < release)
            {
                return false;
            }
            Log.Released(logger, node.Name, now - node.TimestampState);
            metrics.QuarantineReleased("time");
            node.ForgetPowerOnFailures();
        }
        else if (now < policy.RetryAt(node))
        {
            return false;
        }
        else
        {
            Log.Retrying(logger, node.Name, node.PowerOnOperationFailed);
        }
        node.SetState(NodeState.Off, now, force: true);
        return true;
    }

    /// <summary>Call before an operator's <c>clues resetstate</c>: a quarantined node is released by it.</summary>
    public void OnReset(Node node)
    {
        if (policy.IsQuarantined(node))
        {
            Log.ReleasedByOperator(logger, node.Name);
            metrics.QuarantineReleased("resetstate");
        }
    }

    /// <summary>A daemon time as the operator reads it (UTC, to the minute).</summary>
    internal static string Clock(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 630, Level = LogLevel.Warning, Message = "node {Node} is quarantined after {Failures} failed power-ons in a row (RETRIES_POWER_ON): no scheduler chooses it {Until} `clues resetstate {Node}`")]
        public static partial void Quarantined(ILogger logger, string node, int failures, string until);

        [LoggerMessage(EventId = 631, Level = LogLevel.Information, Message = "node {Node} failed {Failures} power-on(s) in a row: it is not tried again for {Delay:0} s (POWER_ON_BACKOFF)")]
        public static partial void BackingOff(ILogger logger, string node, int failures, double delay);

        [LoggerMessage(EventId = 632, Level = LogLevel.Information, Message = "node {Node}: its power-on backoff is over ({Failures} failure(s) so far); it may be powered on again")]
        public static partial void Retrying(ILogger logger, string node, int failures);

        [LoggerMessage(EventId = 633, Level = LogLevel.Information, Message = "node {Node} leaves quarantine after {Seconds:0} s (QUARANTINE_TIME), with a fresh set of power-on retries")]
        public static partial void Released(ILogger logger, string node, double seconds);

        [LoggerMessage(EventId = 634, Level = LogLevel.Information, Message = "node {Node} leaves quarantine: reset by the operator")]
        public static partial void ReleasedByOperator(ILogger logger, string node);
    }
}
