namespace Clues.Plugins.Condor;

/// <summary>Runs the HTCondor client commands (<c>condor_status</c>, <c>condor_q</c>) and gives their output (a seam for tests).</summary>
internal interface ICondorCommands
{
    /// <summary>Runs <paramref name="commandLine"/> and returns its standard output.</summary>
    /// <exception cref="CondorCommandException">The command failed to start, exited non-zero or timed out.</exception>
    Task<string> RunAsync(string commandLine, CancellationToken cancellationToken);
}
