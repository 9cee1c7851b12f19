using Clues.Core.Persistence;

namespace Clues.Core.HighAvailability;

/// <summary>
/// The write fence of a process of an active/standby pair: the daemon's database transactions commit only under the
/// term (holder and epoch) this process won in the election, and a transaction that finds another term makes the
/// process step down, as a refused power command does.
/// </summary>
public sealed class LeaseWriteFence(LeaderElection election) : IWriteFence
{
    /// <inheritdoc />
    public (string Holder, long Epoch)? Term => election.IsActive ? (election.Holder, election.Epoch) : null;

    /// <inheritdoc />
    public long Epoch => election.Epoch;

    /// <inheritdoc />
    public void Lost(string why) =>
        // Asking the fence renews the lease, which fails for a lost term: the election steps down and stops the loop.
        election.MayAct($"writing to the database ({why})");
}
