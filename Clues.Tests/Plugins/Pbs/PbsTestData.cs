using Clues.Plugins.Pbs;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>The Torque outputs under TestData/ (see its README) and a plugin answering from them.</summary>
internal static class PbsTestData
{
    public const string Server = "torque-head";
    public const string Queues = "/usr/bin/qstat -Qf @torque-head";
    public const string Nodes = "/usr/bin/pbsnodes -x -s torque-head";
    public const string Jobs = "/usr/bin/qstat -x @torque-head";

    public static string PathOf(string name) => Path.Combine(TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "Pbs", "TestData", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static PbsQueues TestQueues => PbsQueues.Read(Read("qstat-Qf.txt"), Queues);

    public static PbsLrmsPlugin Plugin(FakePbsCommands commands, bool offline = true) =>
        new(new PbsLrmsOptions { Server = Server, OfflineBeforePowerOff = offline }, commands, NullLogger.Instance, new FakeTimeProvider());
}

/// <summary>Torque commands answered by a function of the command line; every run is recorded, in order.</summary>
internal sealed class FakePbsCommands(Func<string, string> answer) : IPbsCommands
{
    public List<string> Runs { get; } = [];

    public Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Runs.Add(commandLine);
        return Task.FromResult(answer(commandLine));
    }

    /// <summary>The test data: queues, nodes (<paramref name="nodes"/> when given) and jobs; any other command succeeds silently.</summary>
    public static FakePbsCommands FromTestData(Func<string>? nodes = null) => new(command => command switch
    {
        PbsTestData.Queues => PbsTestData.Read("qstat-Qf.txt"),
        PbsTestData.Nodes => nodes?.Invoke() ?? PbsTestData.Read("pbsnodes-x.xml"),
        PbsTestData.Jobs => PbsTestData.Read("qstat-x.xml"),
        _ => "",
    });
}
