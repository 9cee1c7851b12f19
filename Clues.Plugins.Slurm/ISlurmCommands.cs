namespace Clues.Plugins.Slurm;

/// <summary>Runs the Slurm client commands (<c>scontrol ...</c>) and gives their output (a seam for tests).</summary>
internal interface ISlurmCommands
{
    /// <summary>Runs <paramref name="commandLine"/> and returns its standard output.</summary>
    /// <exception cref="SlurmCommandException">The command failed to start, exited non-zero or timed out.</exception>
    Task<string> RunAsync(string commandLine, CancellationToken cancellationToken);
}
