using Clues.Core.Api;

namespace Clues.Host.Server;

/// <summary>
/// The daemon as a whole, as <c>GET /api/status</c> shows it: the clock and the dry run (whether it is on, the "would
/// power on/off" decisions counted so far, as <c>clues_dry_run_power_actions_total</c> counts them, and the latest ones
/// with their node and requests).
/// </summary>
internal sealed record StatusJson(double Now, bool DryRun, long WouldPowerOn, long WouldPowerOff, IReadOnlyList<DryRunDecision> DryRunDecisions)
{
    public static StatusJson From(double now, DryRunStatus dryRun) =>
        new(now, dryRun.Enabled, dryRun.WouldPowerOn, dryRun.WouldPowerOff, dryRun.Recent);
}
