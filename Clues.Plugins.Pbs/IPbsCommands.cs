namespace Clues.Plugins.Pbs;

/// <summary>Runs the Torque client commands (<c>qstat</c>, <c>pbsnodes</c>) and gives their output (a seam for tests).</summary>
internal interface IPbsCommands
{
    /// <summary>Runs <paramref name="commandLine"/> and returns its standard output.</summary>
    /// <exception cref="PbsCommandException">The command failed to start, exited non-zero or timed out.</exception>
    Task<string> RunAsync(string commandLine, CancellationToken cancellationToken);
}
