namespace Clues.Core.Api;

/// <summary>
/// What a dry run (<c>[general] DRY_RUN</c>, <c>clues-host run --dry-run</c>) has decided and not run, as the JSON API
/// (<c>GET /api/status</c>) and the status page show it.
/// </summary>
/// <param name="Enabled">Whether the daemon runs in dry run.</param>
/// <param name="WouldPowerOn">Power-ons decided so far (a decision repeated pass after pass counts once, as in <c>/metrics</c>).</param>
/// <param name="WouldPowerOff">Power-offs decided so far, counted the same way.</param>
/// <param name="Recent">The latest decisions, newest first (at most <see cref="RecentLimit"/>).</param>
public sealed record DryRunStatus(bool Enabled, long WouldPowerOn, long WouldPowerOff, IReadOnlyList<DryRunDecision> Recent)
{
    /// <summary>How many decisions <see cref="Recent"/> keeps.</summary>
    public const int RecentLimit = 50;

    /// <summary>Not a dry run.</summary>
    public static DryRunStatus Off { get; } = new(false, 0, 0, []);
}

/// <summary>A power action a dry run decided and did not run.</summary>
/// <param name="Action"><c>on</c> or <c>off</c>.</param>
/// <param name="Node">The node.</param>
/// <param name="Requests">The requests it was decided for (the latest pass's; empty for a power-off or an operator's command).</param>
/// <param name="Since">When it was first decided (daemon clock).</param>
/// <param name="LastDecided">When it was last decided again.</param>
/// <param name="Current">Whether the latest scheduling pass still decided it.</param>
public sealed record DryRunDecision(string Action, string Node, IReadOnlyList<long> Requests, double Since, double LastDecided, bool Current);
