namespace Clues.Plugins.Slurm.Scontrol;

/// <summary>
/// A Slurm command printed something the plugin cannot read: a monitoring failure, never an empty cluster. The
/// message names the command, the line and what was wrong.
/// </summary>
public sealed class ScontrolFormatException : Exception
{
    /// <summary>How much of the offending line a message quotes.</summary>
    public const int QuotedLineLength = 160;

    /// <summary>Creates the exception for <paramref name="lineNumber"/> (1-based; 0 = the output as a whole).</summary>
    public ScontrolFormatException(string commandLine, int lineNumber, string problem, string? line = null, Exception? innerException = null)
        : base(Describe(commandLine, lineNumber, problem, line), innerException)
    {
        CommandLine = commandLine;
        LineNumber = lineNumber;
    }

    /// <summary>The command whose output could not be read.</summary>
    public string CommandLine { get; }

    /// <summary>The 1-based line of the output, or 0 when the output as a whole is wrong.</summary>
    public int LineNumber { get; }

    private static string Describe(string commandLine, int lineNumber, string problem, string? line)
    {
        var where = lineNumber > 0 ? $", line {lineNumber}" : "";
        var quoted = line is null ? "" : ": \"" + (line.Length > QuotedLineLength ? line[..QuotedLineLength] + "..." : line) + "\"";
        return $"the output of '{commandLine}' cannot be read{where}: {problem}{quoted}";
    }
}
