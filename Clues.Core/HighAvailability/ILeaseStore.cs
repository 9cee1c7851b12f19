namespace Clues.Core.HighAvailability;

/// <summary>
/// The leader lease in the shared database. Every change is a conditional update, so two processes racing for an
/// expired lease cannot both win, and a holder whose term was taken over cannot renew it.
/// </summary>
/// <remarks>
/// Implementations are called from more than one thread and serialize their own calls. A database that cannot be
/// reached or used is a <see cref="Persistence.DatabaseException"/>.
/// </remarks>
public interface ILeaseStore : IDisposable
{
    /// <summary>The lease as stored now, or null if it was never taken.</summary>
    LeaderLease? Read();

    /// <summary>
    /// Takes the lease for <paramref name="holder"/> if it is vacant at <paramref name="now"/>, with the next epoch and
    /// a term of <paramref name="term"/> seconds.
    /// </summary>
    /// <returns>The lease before and after the takeover, or null if another holder still held it (or won the race).</returns>
    (LeaderLease Previous, LeaderLease Taken)? TryAcquire(string holder, string address, double now, double term);

    /// <summary>
    /// Extends the lease to <paramref name="now"/> + <paramref name="term"/> if <paramref name="holder"/> still holds it
    /// with <paramref name="epoch"/> and it has not expired at <paramref name="now"/>.
    /// </summary>
    /// <returns>False if the lease was lost (taken over, or expired): the holder must stop acting.</returns>
    bool Renew(string holder, long epoch, double now, double term);

    /// <summary>Gives the lease up (a clean shutdown), so a standby takes over at once instead of after the term.</summary>
    void Release(string holder, long epoch);
}
