using System.Globalization;

namespace Clues.Core.Power.CommandLine;

/// <summary>The outcome of one shell command run by <see cref="ShellCommandRunner"/>.</summary>
/// <param name="CommandLine">The command line given to <c>/bin/sh -c</c>.</param>
/// <param name="ExitCode">The exit code; -1 when the command could not start or was killed.</param>
/// <param name="StandardOutput">Everything the command wrote to standard output.</param>
/// <param name="StandardError">Everything the command wrote to standard error.</param>
/// <param name="TimedOut">True when the command ran past its timeout and its process group was killed.</param>
/// <param name="StartError">Why the command could not be started, when it could not.</param>
public sealed record ShellCommandResult(
    string CommandLine,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    bool TimedOut = false,
    string? StartError = null)
{
    /// <summary>How many characters of standard error a failure description keeps.</summary>
    public const int StandardErrorTailLength = 400;

    /// <summary>True when the command ran to its end and exited with code 0 (CLUES' only success criterion).</summary>
    public bool Success => !TimedOut && StartError is null && ExitCode == 0;

    /// <summary>
    /// A one-line explanation of a failure naming the command line, the exit code (or the timeout) and the tail of
    /// standard error; empty for a success.
    /// </summary>
    public string DescribeFailure()
    {
        if (Success)
        {
            return "";
        }
        if (StartError is not null)
        {
            return $"command '{CommandLine}' could not be started: {StartError}";
        }
        var what = TimedOut
            ? "timed out and its process group was killed"
            : "exited with code " + ExitCode.ToString(CultureInfo.InvariantCulture);
        var tail = StandardErrorTail();
        return tail.Length == 0 ? $"command '{CommandLine}' {what}" : $"command '{CommandLine}' {what}; stderr: {tail}";
    }

    /// <summary>The last <see cref="StandardErrorTailLength"/> characters of standard error, trimmed, on one line.</summary>
    public string StandardErrorTail()
    {
        var text = StandardError.Trim();
        if (text.Length > StandardErrorTailLength)
        {
            text = "..." + text[^StandardErrorTailLength..];
        }
        return text.ReplaceLineEndings(" | ");
    }
}
