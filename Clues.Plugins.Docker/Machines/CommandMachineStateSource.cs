using Clues.Core.Power.CommandLine;

namespace Clues.Plugins.Docker.Machines;

/// <summary>Runs a <c>docker-machine ls</c> command line and parses it with <see cref="MachineList"/>.</summary>
internal sealed class CommandMachineStateSource(ShellCommandRunner runner, string commandLine, TimeSpan timeout) : IMachineStateSource
{
    public string CommandLine { get; } = commandLine;

    public async Task<IReadOnlyDictionary<string, string>> GetStatesAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(CommandLine, timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException("listing machines failed: " + result.DescribeFailure());
        }
        return MachineList.Parse(result.StandardOutput);
    }
}
