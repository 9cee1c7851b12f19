using Clues.Core.Power.CommandLine;
using NUnit.Framework;

namespace Clues.Tests.Core.Power.CommandLine;

/// <summary>The runner's environment overload (used for SLURM_CONF), with real shells.</summary>
[TestFixture]
public sealed class ShellCommandRunnerEnvironmentTests
{
    [Test, CancelAfter(20_000)]
    public async Task RunAsync_Environment_SetsAndRemovesVariables(CancellationToken ct)
    {
        var runner = new ShellCommandRunner(TimeProvider.System);
        var environment = new Dictionary<string, string?> { ["SLURM_CONF"] = "/tmp/slab/etc/slurm.conf", ["HOME"] = null };

        var result = await runner.RunAsync("echo \"conf=$SLURM_CONF home=${HOME-unset}\"", environment, TimeSpan.FromSeconds(10), ct);

        Assert.That(result.Success, Is.True, result.DescribeFailure());
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo("conf=/tmp/slab/etc/slurm.conf home=unset"));
    }

    [Test, CancelAfter(20_000)]
    public async Task RunAsync_NoEnvironment_InheritsOurs(CancellationToken ct)
    {
        var runner = new ShellCommandRunner(TimeProvider.System);

        var result = await runner.RunAsync("echo \"$PATH\"", environment: null, TimeSpan.FromSeconds(10), ct);

        Assert.That(result.StandardOutput.Trim(), Is.EqualTo(Environment.GetEnvironmentVariable("PATH")));
    }
}
