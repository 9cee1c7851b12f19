using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.Pbs;

/// <summary>Runs Torque commands through the shell with CLUES' command timeout.</summary>
internal sealed class ShellPbsCommands(ShellCommandRunner runner, TimeSpan timeout) : IPbsCommands
{
    public async Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(commandLine, timeout, cancellationToken).ConfigureAwait(false);
        return result.Success ? result.StandardOutput : throw new PbsCommandException(result.DescribeFailure());
    }
}
