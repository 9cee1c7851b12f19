using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Plugins.Condor;
using Clues.Tests.Plugins.Pbs;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Condor;

/// <summary>
/// The real daemon, schedulers and HTCondor plugin on a test clock against an in-memory pool: an idle job waits, the
/// node of the vnode file is powered on and its startd advertises a partitionable slot, the job runs in a dynamic slot
/// (the partitionable slot still says Unclaimed/Idle), it ends, the node idles and is powered off.
/// </summary>
[TestFixture]
public sealed class CondorDaemonScenarioTests
{
    [Test, CancelAfter(120_000)]
    public async Task IdleJob_NodePoweredOnRunsItInADynamicSlot_ThenPoweredOff()
    {
        var vnodes = Path.GetTempFileName();
        await File.WriteAllTextAsync(vnodes, "wn1.example.org 4 8192\n");
        try
        {
            var pool = new FakePool();
            pool.Jobs["7.0"] = "ClusterId = 7\nProcId = 0\nJobStatus = 1\nRequestCpus = 2\nRequestMemory = 1024\n";
            var plugin = new CondorLrmsPlugin(new CondorLrmsOptions { VnodesFile = vnodes }, pool, TimeProvider.System);
            await using var daemon = new PluginDaemonHarness(_ => plugin, pool);
            async Task<string> Report()
            {
                string reported;
                try
                {
                    reported = string.Join(", ", (await plugin.GetNodesAsync(CancellationToken.None)).Select(n => $"{n.Name} {n.State} {n.SlotsFree}/{n.SlotsCount}"));
                }
                catch (Exception ex)
                {
                    reported = ex.Message;
                }
                return $"wn1 is {await daemon.StateAsync("wn1.example.org")}; the plugin reports {reported}; power calls: {string.Join(", ", pool.Calls)}";
            }

            await daemon.AdvanceUntil("power-on of wn1 for the idle job", () => Task.FromResult(pool.Calls.Contains("on wn1.example.org")), 120, Report);
            await daemon.AdvanceUntil("wn1 up and idle", async () => await daemon.StateAsync("wn1.example.org") == NodeState.Idle, 120, Report);

            pool.RunInDynamicSlot("7.0");
            await daemon.AdvanceUntil("wn1 used by the job", async () => await daemon.StateAsync("wn1.example.org") == NodeState.Used, 60, Report);
            daemon.Time.Advance(TimeSpan.FromSeconds(60));
            await daemon.AdvanceUntil("another look at wn1 while the job runs", async () => await daemon.StateAsync("wn1.example.org") == NodeState.Used, 10, Report);
            Assert.That(pool.Calls, Does.Not.Contain("off wn1.example.org"), "a machine partly in use is never powered off (grycap/clues#97)");

            pool.Finish("7.0");
            await daemon.AdvanceUntil("power-off of the idle wn1", () => Task.FromResult(pool.Calls.Contains("off wn1.example.org")), 120, Report);
            await daemon.AdvanceUntil("wn1 off", async () => await daemon.StateAsync("wn1.example.org") == NodeState.Off, 120, Report);
            Assert.That(pool.Calls, Is.EqualTo(new[] { "on wn1.example.org", "off wn1.example.org" }));
        }
        finally
        {
            File.Delete(vnodes);
        }
    }

    /// <summary>An in-memory pool: the collector's startd ads and the schedd's jobs, and a power manager that starts
    /// and stops the startd.</summary>
    private sealed class FakePool : ICondorCommands, IPowerManager
    {
        private const string Partitionable = "Activity = \"Idle\"\nState = \"Unclaimed\"\nMachine = \"wn1.example.org\"\nName = \"slot1@wn1.example.org\"\n" +
            "SlotType = \"Partitionable\"\nTotalSlotCpus = 4\nTotalSlotMemory = 8192\n";

        private readonly Lock _lock = new();
        private readonly List<string> _calls = [];
        private string _status = "";

        public Dictionary<string, string> Jobs { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_lock)
                {
                    return _calls.ToList();
                }
            }
        }

        public string Status()
        {
            lock (_lock)
            {
                return _status.Replace('\n', ' ');
            }
        }

        public void RunInDynamicSlot(string job)
        {
            lock (_lock)
            {
                _status = Partitionable + "Cpus = 2\nMemory = 7168\n\n" +
                    "Activity = \"Busy\"\nState = \"Claimed\"\nMachine = \"wn1.example.org\"\nName = \"slot1_1@wn1.example.org\"\nSlotType = \"Dynamic\"\nCpus = 2\nMemory = 1024\n";
                Jobs[job] = Jobs[job].Replace("JobStatus = 1", "JobStatus = 2", StringComparison.Ordinal) + "RemoteHost = \"slot1_1@wn1.example.org\"\n";
            }
        }

        public void Finish(string job)
        {
            lock (_lock)
            {
                Jobs.Remove(job);
                _status = Partitionable + "Cpus = 4\nMemory = 8192\n";
            }
        }

        public Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return Task.FromResult(commandLine switch
                {
                    CondorLrmsOptions.DefaultStatusCommand => _status,
                    CondorLrmsOptions.DefaultQueueCommand => "-- Schedd: submit : <10.0.0.2:9618>\n" + string.Join("\n", Jobs.Values),
                    _ => throw new CondorCommandException($"command '{commandLine}' is not known to the fake pool"),
                });
            }
        }

        public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _calls.Add("on " + node);
                _status = Partitionable + "Cpus = 4\nMemory = 8192\n";
            }
            return Task.FromResult(PowerResult.Ok(node));
        }

        public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _calls.Add("off " + node);
                _status = "";
            }
            return Task.FromResult(PowerResult.Ok(node));
        }
    }
}
