namespace Clues.Core.HighAvailability;

/// <summary>The row of <c>clues_leader</c>: who acts for the cluster, where its API is, and until when.</summary>
/// <param name="Holder">The unique id of the holding process (<c>host:pid:random</c>); empty when released or never taken.</param>
/// <param name="Address">The holder's advertised API address, where standbys forward writes.</param>
/// <param name="Epoch">Grows at each takeover: the fencing token of the holder's term.</param>
/// <param name="Expires">Unix time (seconds) after which the lease may be taken over unless renewed.</param>
public sealed record LeaderLease(string Holder, string Address, long Epoch, double Expires)
{
    /// <summary>True when nobody holds the lease at <paramref name="now"/> (released, never taken, or expired).</summary>
    public bool IsVacant(double now) => Holder.Length == 0 || Expires <= now;
}
