using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// When a node whose power-on failed may be tried again, and when it is quarantined instead. A failed or timed-out
/// power-on leaves the node in OFF_ERR with its count of consecutive failures (spec §1.8, §2.5). After the k-th
/// failure the node waits there <c>POWER_ON_BACKOFF × POWER_ON_BACKOFF_FACTOR^(k−1)</c> seconds, at most
/// <c>POWER_ON_BACKOFF_MAX</c>, before recovery or PowOn_Free may try it again; at <c>RETRIES_POWER_ON</c> failures
/// it is quarantined: no scheduler chooses it until <c>clues resetstate</c>, the LRMS reports it on, or
/// <c>QUARANTINE_TIME</c> passes.
/// </summary>
/// <remarks>
/// Everything is derived from the node's state, the time it entered it and its failure count, which the daemon's
/// state store saves, so a backoff and a quarantine survive a restart. Under <c>CLUES23_DECISIONS</c> there is no
/// backoff, so a simulation keeps CLUES 2.3's power timeline.
/// </remarks>
/// <param name="options">[scheduling] RETRIES_POWER_ON, the backoff keys and QUARANTINE_TIME.</param>
public sealed class PowerOnRetryPolicy(SchedulingOptions options)
{
    /// <summary>The seconds a node waits in OFF_ERR after <paramref name="failures"/> consecutive failed power-ons.</summary>
    public double Delay(int failures)
    {
        if (failures <= 0 || options.PowerOnBackoff <= 0 || options.Clues23Decisions)
        {
            return 0;
        }
        var delay = options.PowerOnBackoff * Math.Pow(Math.Max(1, options.PowerOnBackoffFactor), failures - 1);
        return Math.Min(delay, Math.Max(options.PowerOnBackoffMax, 0));
    }

    /// <summary>Whether the node has failed RETRIES_POWER_ON power-ons in a row and is held out of scheduling.</summary>
    public bool IsQuarantined(Node node) =>
        node.State == NodeState.OffErr && node.PowerOnOperationFailed >= options.RetriesPowerOn;

    /// <summary>When an OFF_ERR node that is not quarantined may be tried again (daemon clock).</summary>
    public double RetryAt(Node node) => node.TimestampState + Delay(node.PowerOnOperationFailed);

    /// <summary>When a quarantined node is released by QUARANTINE_TIME; null when only an operator releases it.</summary>
    public double? ReleaseAt(Node node) => options.QuarantineTime > 0 ? node.TimestampState + options.QuarantineTime : null;

    /// <summary>Whether a scheduler or recovery may power on this OFF_ERR node at <paramref name="now"/>.</summary>
    public bool MayRetry(Node node, double now) =>
        node.State == NodeState.OffErr && !IsQuarantined(node) && now >= RetryAt(node);
}
