using System.Globalization;

namespace Clues.Core.HighAvailability;

/// <summary>Which <c>clues-host</c> acts for the cluster, as one process of an active/standby pair sees it.</summary>
/// <param name="Active">True if this process is the active one and its daemon is running.</param>
/// <param name="Holder">This process's holder id.</param>
/// <param name="Address">This process's advertised API address.</param>
/// <param name="Lease">The lease as last seen (the active one's holder id, address, epoch and expiry).</param>
/// <param name="Now">Unix time of this view.</param>
public sealed record HighAvailabilityStatus(bool Active, string Holder, Uri Address, LeaderLease? Lease, double Now)
{
    /// <summary>One line for <c>clues status</c>.</summary>
    public string Describe() => Active
        ? string.Create(CultureInfo.InvariantCulture, $"high availability: {Holder} at {Address} is the active clues-host (epoch {Lease?.Epoch ?? 0})")
        : Lease is { } lease && !lease.IsVacant(Now)
            ? string.Create(CultureInfo.InvariantCulture, $"high availability: {lease.Holder} at {lease.Address} is the active clues-host (epoch {lease.Epoch}); {Holder} is a standby")
            : $"high availability: no clues-host is active; {Holder} is a standby";
}
