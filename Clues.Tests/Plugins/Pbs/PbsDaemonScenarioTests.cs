using System.Security;
using System.Text;
using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Plugins.Pbs;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>
/// The real daemon, schedulers and PBS plugin on a test clock against an in-memory Torque that changes as Torque
/// would: a job waits, CLUES powers the node on and clears the offline mark it left, the job runs there, it ends, the
/// node idles, and CLUES sets it offline and powers it off.
/// </summary>
[TestFixture]
public sealed class PbsDaemonScenarioTests
{
    [Test, CancelAfter(120_000)]
    public async Task QueuedJob_NodePoweredOnRunsItThenIdles_OfflineAndPoweredOff()
    {
        var torque = new FakeTorque();
        // node01 was powered off by CLUES earlier: down, and still offline with CLUES' note.
        torque.Nodes["node01"] = new TorqueNode { States = "down,offline", Note = PbsLrmsOptions.OfflineNote };
        torque.Jobs["20.head"] = ("Q", null);
        var machines = new TorqueMachines(torque);
        await using var daemon = new PluginDaemonHarness(time => new PbsLrmsPlugin(new PbsLrmsOptions { Server = "head" }, torque, NullLogger.Instance, time), machines);
        Task<string> Report() => Task.FromResult($"node01 is {torque.Nodes["node01"]}, power calls: {string.Join(", ", machines.Calls)}");

        await daemon.AdvanceUntil("power-on of node01 for the queued job", () => Task.FromResult(machines.Calls.Contains("on node01")), 120, Report);
        await daemon.AdvanceUntil("node01 up and idle", async () => await daemon.StateAsync("node01") == NodeState.Idle, 120, Report);
        Assert.That(torque.Nodes["node01"].States, Is.EqualTo("free"), "CLUES cleared its offline mark after the power-on");

        // Torque starts the job on node01.
        torque.Run("20.head", "node01");
        await daemon.AdvanceUntil("node01 used by the job", async () => await daemon.StateAsync("node01") == NodeState.Used, 60, Report);
        daemon.Time.Advance(TimeSpan.FromSeconds(60));
        await daemon.AdvanceUntil("another look at node01 while the job runs", async () => await daemon.StateAsync("node01") == NodeState.Used, 10, Report);
        Assert.That(machines.Calls, Does.Not.Contain("off node01"), "a node running a job is never powered off");

        torque.Finish("20.head");
        await daemon.AdvanceUntil("power-off of the idle node01", () => Task.FromResult(machines.Calls.Contains("off node01")), 120, Report);
        await daemon.AdvanceUntil("node01 off", async () => await daemon.StateAsync("node01") == NodeState.Off, 120, Report);

        Assert.That(machines.OfflineWhenPoweredOff, Is.True, "set offline by CLUES before the power manager ran");
        Assert.That(machines.Calls, Is.EqualTo(new[] { "on node01", "off node01" }));
    }

    private sealed class TorqueNode
    {
        public string States { get; set; } = "free";
        public string? Note { get; set; }
        public string? Job { get; set; }

        public override string ToString() => $"{States} (note {Note ?? "none"}, job {Job ?? "none"})";
    }

    /// <summary>An in-memory Torque server answering the plugin's commands for the server <c>head</c>.</summary>
    private sealed class FakeTorque : IPbsCommands
    {
        private readonly Lock _lock = new();

        public Dictionary<string, TorqueNode> Nodes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (string State, string? Node)> Jobs { get; } = new(StringComparer.Ordinal);

        public void Run(string job, string node)
        {
            lock (_lock)
            {
                Jobs[job] = ("R", node);
                Nodes[node].Job = job;
                Nodes[node].States = "job-exclusive";
            }
        }

        public void Finish(string job)
        {
            lock (_lock)
            {
                var node = Jobs[job].Node!;
                Jobs.Remove(job);
                Nodes[node].Job = null;
                Nodes[node].States = Nodes[node].States.Replace("job-exclusive", "free", StringComparison.Ordinal);
            }
        }

        public Task<string> RunAsync(string commandLine, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                const string Pbsnodes = "/usr/bin/pbsnodes -s head ";
                string answer = commandLine switch
                {
                    "/usr/bin/qstat -Qf @head" => "Queue: batch\n    queue_type = Execution\n",
                    "/usr/bin/pbsnodes -x -s head" => NodesXml(),
                    "/usr/bin/qstat -x @head" => JobsXml(),
                    _ when commandLine.StartsWith(Pbsnodes + "-o -N clues_power_off ", StringComparison.Ordinal) => SetOffline(commandLine.Split(' ')[^1], true),
                    _ when commandLine.StartsWith(Pbsnodes + "-c -N n ", StringComparison.Ordinal) => SetOffline(commandLine.Split(' ')[^1], false),
                    _ => throw new PbsCommandException($"command '{commandLine}' is not known to the fake Torque"),
                };
                return Task.FromResult(answer);
            }
        }

        /// <summary>What the node's pbs_mom reports, for the power manager.</summary>
        public void SetUp(string node, bool up)
        {
            lock (_lock)
            {
                var states = Nodes[node].States.Split(',').Where(s => s is not ("down" or "free")).Prepend(up ? "free" : "down");
                Nodes[node].States = string.Join(',', states);
                Normalise(Nodes[node]);
            }
        }

        public bool IsOffline(string node)
        {
            lock (_lock)
            {
                return Nodes[node].States.Contains("offline", StringComparison.Ordinal);
            }
        }

        private string SetOffline(string node, bool offline)
        {
            var entry = Nodes[node];
            var states = entry.States.Split(',').Where(s => s != "offline").ToList();
            if (offline)
            {
                states.Add("offline");
            }
            entry.States = string.Join(',', states);
            entry.Note = offline ? PbsLrmsOptions.OfflineNote : null;
            Normalise(entry);
            return "";
        }

        // Torque lists "free" only when nothing else applies.
        private static void Normalise(TorqueNode node)
        {
            var states = node.States.Split(',', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
            if (states.Count > 1)
            {
                states.Remove("free");
            }
            node.States = states.Count == 0 ? "free" : string.Join(',', states);
        }

        private string NodesXml()
        {
            var xml = new StringBuilder("<Data>");
            foreach (var (name, node) in Nodes)
            {
                xml.Append($"<Node><name>{name}</name><state>{node.States}</state><np>2</np>");
                if (node.Job is not null)
                {
                    xml.Append($"<jobs>0-1/{node.Job}</jobs>");
                }
                if (node.Note is not null)
                {
                    xml.Append($"<note>{SecurityElement.Escape(node.Note)}</note>");
                }
                xml.Append(node.States.Contains("down", StringComparison.Ordinal)
                    ? "</Node>"
                    : "<status>state=free,ncpus=2,physmem=2015232kb,availmem=1815232kb,totmem=2015232kb,opsys=linux</status></Node>");
            }
            return xml.Append("</Data>").ToString();
        }

        private string JobsXml()
        {
            var xml = new StringBuilder("<Data>");
            foreach (var (id, job) in Jobs)
            {
                xml.Append($"<Job><Job_Id>{id}</Job_Id><job_state>{job.State}</job_state><queue>batch</queue>")
                    .Append("<Resource_List><nodect>1</nodect><nodes>1:ppn=2</nodes></Resource_List></Job>");
            }
            return xml.Append("</Data>").ToString();
        }
    }

    /// <summary>A power manager that starts and stops pbs_mom by changing what the fake Torque reports.</summary>
    private sealed class TorqueMachines(FakeTorque torque) : IPowerManager
    {
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return _calls.ToList();
                }
            }
        }

        public bool? OfflineWhenPoweredOff { get; private set; }

        public Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken)
        {
            Record("on " + node);
            torque.SetUp(node, up: true);
            return Task.FromResult(PowerResult.Ok(node));
        }

        public Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken)
        {
            Record("off " + node);
            OfflineWhenPoweredOff = torque.IsOffline(node);
            torque.SetUp(node, up: false);
            return Task.FromResult(PowerResult.Ok(node));
        }

        private void Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
