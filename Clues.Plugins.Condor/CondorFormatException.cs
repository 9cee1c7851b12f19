namespace Clues.Plugins.Condor;

/// <summary>
/// An HTCondor command printed something the plugin cannot read: a monitoring failure, never an empty cluster. The
/// message names the command, the line and what was wrong.
/// </summary>
public sealed class CondorFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="lineNumber"/> is 1-based, 0 when the output as a whole is wrong.</summary>
    public CondorFormatException(string source, int lineNumber, string problem)
        : base($"the output of '{source}' cannot be read{(lineNumber > 0 ? $", line {lineNumber}" : "")}: {problem}")
    {
        Source = source;
        LineNumber = lineNumber;
    }

    /// <summary>The command (or file) whose output could not be read.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line, or 0 when the output as a whole is wrong.</summary>
    public int LineNumber { get; }
}
