namespace Clues.Plugins.Pbs;

/// <summary>
/// A Torque command printed something the plugin cannot read: a monitoring failure, never an empty cluster. The
/// message names the command, where in the output (line, and the node or job), and what was wrong.
/// </summary>
public sealed class PbsFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="lineNumber"/> is 1-based, 0 when the output as a whole is wrong.</summary>
    public PbsFormatException(string commandLine, int lineNumber, string problem, Exception? innerException = null)
        : base($"the output of '{commandLine}' cannot be read{(lineNumber > 0 ? $", line {lineNumber}" : "")}: {problem}", innerException)
    {
        CommandLine = commandLine;
        LineNumber = lineNumber;
    }

    /// <summary>The command whose output could not be read.</summary>
    public string CommandLine { get; }

    /// <summary>The 1-based line of the output, or 0 when the output as a whole is wrong.</summary>
    public int LineNumber { get; }
}
