using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.Slurm;

/// <summary>Runs Slurm commands through the shell with CLUES' command timeout and the configured <c>SLURM_CONF</c>.</summary>
internal sealed class ShellSlurmCommands(ShellCommandRunner runner, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout) : ISlurmCommands
{
    public async Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(commandLine, environment, timeout, cancellationToken).ConfigureAwait(false);
        return result.Success ? result.StandardOutput : throw new SlurmCommandException(result.DescribeFailure());
    }
}
