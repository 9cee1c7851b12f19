using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.Condor;

/// <summary>Runs HTCondor commands through the shell with CLUES' command timeout.</summary>
internal sealed class ShellCondorCommands(ShellCommandRunner runner, TimeSpan timeout) : ICondorCommands
{
    public async Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(commandLine, timeout, cancellationToken).ConfigureAwait(false);
        return result.Success ? result.StandardOutput : throw new CondorCommandException(result.DescribeFailure());
    }
}
