using Clues.Plugins.Slurm;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clues.Tests.Plugins.Slurm;

/// <summary>The Slurm outputs the tests read: CLUES' fixtures and the lab captures under TestData/.</summary>
internal static class SlurmTestData
{
    public const string Nodes = SlurmLrmsOptions.DefaultNodesCommand;
    public const string Jobs = SlurmLrmsOptions.DefaultJobsCommand;
    public const string Partitions = SlurmLrmsOptions.DefaultPartitionCommand;

    /// <summary>A lab capture (see TestData/README.md).</summary>
    public static string Lab(string name) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "Slurm", "TestData", name));

    /// <summary>One of CLUES' test files (slurm_nodes.txt, slurm_jobs.txt, slurm_partitions.txt).</summary>
    public static string CluesFixture(string name) => File.ReadAllText(TestEnvironment.Fixture("clues-test-files", name));

    /// <summary>The command that drains, undrains or resumes <paramref name="node"/> with the default templates.</summary>
    public static string Drain(string node) => $"scontrol update nodename={node} state=drain reason=clues_power_off";

    public static string Undrain(string node) => $"scontrol update nodename={node} state=undrain";

    public static string Resume(string node) => $"scontrol update nodename={node} state=resume";

    public static SlurmLrmsPlugin Plugin(ScriptedSlurmCommands commands, SlurmLrmsOptions? options = null) =>
        new(options ?? new SlurmLrmsOptions(), commands, NullLogger.Instance, new FakeTimeProvider());
}
