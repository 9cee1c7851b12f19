namespace Clues.Core.Persistence;

/// <summary>
/// The database cannot be used: it cannot be reached, refuses the credentials, lacks the named database, or failed
/// a statement. The message names the database (its file, or <c>host:port</c>) and the cause, never a password.
/// </summary>
public sealed class DatabaseException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public DatabaseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and the error underneath.</summary>
    public DatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
