namespace Clues.Plugins.Slurm;

/// <summary>A Slurm command failed (could not start, exited non-zero, timed out); the message names it.</summary>
public sealed class SlurmCommandException(string message) : Exception(message);
