namespace Clues.Plugins.Sge;

/// <summary>A Grid Engine command failed (could not start, exited non-zero, timed out); the message names it.</summary>
public sealed class SgeCommandException(string message) : Exception(message);
