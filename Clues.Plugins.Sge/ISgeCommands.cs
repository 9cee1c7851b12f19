namespace Clues.Plugins.Sge;

/// <summary>Runs the Grid Engine client commands (<c>qhost</c>, <c>qstat</c>, <c>qconf</c>, <c>qmod</c>) and gives their
/// output (a seam for tests).</summary>
internal interface ISgeCommands
{
    /// <summary>Runs <paramref name="commandLine"/> (shell text) and returns its standard output.</summary>
    /// <exception cref="SgeCommandException">The command failed to start, exited non-zero or timed out.</exception>
    Task<string> RunAsync(string commandLine, CancellationToken cancellationToken);
}
