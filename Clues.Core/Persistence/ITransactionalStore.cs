namespace Clues.Core.Persistence;

/// <summary>
/// A store that commits the writes of one turn of the daemon's loop together: a monitoring pass with a hundred node
/// changes costs one commit (one flush of the database's log) instead of a hundred, and a process that lost the
/// leader lease writes none of them (<see cref="IWriteFence"/>).
/// </summary>
/// <remarks>
/// The daemon stays durable per turn: the loop commits at the end of every turn, and before it answers an API call
/// (so what <c>request_create</c> acknowledged is committed). Writes made outside a turn are committed when made.
/// </remarks>
public interface ITransactionalStore
{
    /// <summary>From now until <see cref="CommitWrites"/>, writes join one transaction.</summary>
    void BeginWrites();

    /// <summary>Commits the writes made since <see cref="BeginWrites"/> (nothing if there were none).</summary>
    /// <exception cref="DatabaseException">The database failed: none of the writes were made.</exception>
    /// <exception cref="WritesFencedException">This process no longer holds the lease: none of the writes were made.</exception>
    void CommitWrites();
}

/// <summary>
/// The term a process of an active/standby pair writes in: each write transaction is committed only while the lease
/// row in the same database still names this process's holder and epoch, checked inside the transaction.
/// </summary>
public interface IWriteFence
{
    /// <summary>The holder and epoch this process acts under; null when it acts under none (it has stepped down).</summary>
    (string Holder, long Epoch)? Term { get; }

    /// <summary>The epoch of this process's latest term, kept after it stepped down; 0 before it had one.</summary>
    long Epoch { get; }

    /// <summary>A transaction found the lease held by another term and was rolled back: this process must stop acting.</summary>
    /// <param name="why">What the transaction found, for the log.</param>
    void Lost(string why);
}

/// <summary>A write transaction was rolled back because this process no longer holds the leader lease.</summary>
public sealed class WritesFencedException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public WritesFencedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and the error underneath.</summary>
    public WritesFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
