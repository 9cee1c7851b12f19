using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.Sge;

/// <summary>Runs Grid Engine commands through the shell with <c>SGE_TIMEOUT_COMMANDS</c> and <c>SGE_ROOT</c>.</summary>
internal sealed class ShellSgeCommands(ShellCommandRunner runner, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout) : ISgeCommands
{
    public async Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(commandLine, environment, timeout, cancellationToken).ConfigureAwait(false);
        return result.Success ? result.StandardOutput : throw new SgeCommandException(result.DescribeFailure());
    }
}
