namespace Clues.Plugins.Pbs;

/// <summary>A Torque command failed (could not start, exited non-zero, timed out); the message names it.</summary>
public sealed class PbsCommandException(string message) : Exception(message);
