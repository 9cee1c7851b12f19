using Clues.Core.Model;
using Clues.Plugins.Condor;
using Clues.Tests.Common;
using Microsoft.Extensions.Time.Testing;

namespace Clues.Tests.Plugins.Condor;

/// <summary>HTCondor outputs: CLUES' fixtures and the files under TestData/ (see its README).</summary>
internal static class CondorTestData
{
    public static string PathOf(string name) => Path.Combine(TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "Condor", "TestData", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>One of CLUES' test files (workernodes.txt, schedulers.txt, job0.txt...).</summary>
    public static string CluesFixture(string name) => File.ReadAllText(TestEnvironment.Fixture("clues-test-files", name));

    /// <summary>A plugin whose commands print <paramref name="status"/> and <paramref name="queue"/>.</summary>
    public static CondorLrmsPlugin Plugin(string status, string queue, string vnodesFile = "") =>
        new(new CondorLrmsOptions { VnodesFile = vnodesFile }, new FakeCondorCommands(status, queue), new FakeTimeProvider());

    /// <summary>CLUES' <c>str(NodeInfo)</c>: <c>[NODE "name"] state: used, 1/1 (free slots), 457/457 (mem)</c>.</summary>
    public static string CluesString(NodeInfo node) =>
        $"[NODE \"{node.Name}\"] state: {node.State.ToDisplay()}, {(long)node.SlotsFree}/{(long)node.SlotsCount} (free slots), " +
        $"{(long)node.MemoryFree}/{(long)node.MemoryTotal} (mem)";

    private sealed class FakeCondorCommands(string status, string queue) : ICondorCommands
    {
        public Task<string> RunAsync(string commandLine, CancellationToken cancellationToken) => commandLine switch
        {
            CondorLrmsOptions.DefaultStatusCommand => Task.FromResult(status),
            CondorLrmsOptions.DefaultQueueCommand => Task.FromResult(queue),
            _ => throw new CondorCommandException($"command '{commandLine}' is not scripted"),
        };
    }
}
