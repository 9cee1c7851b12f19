namespace Clues.Plugins.Condor;

/// <summary>An HTCondor command failed (could not start, exited non-zero, timed out); the message names it.</summary>
public sealed class CondorCommandException(string message) : Exception(message);
