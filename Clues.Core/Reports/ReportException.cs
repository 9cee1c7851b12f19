namespace Clues.Core.Reports;

/// <summary>
/// A report cannot be made: the database file is missing, is not a CLUES database, or holds nothing in the
/// asked period. The message says which, naming the file or the period.
/// </summary>
public sealed class ReportException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public ReportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and the error underneath.</summary>
    public ReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
