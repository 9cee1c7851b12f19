using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.Slurm;
using Clues.Plugins.Slurm.Scontrol;
using Clues.Tests.Core.Power.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Slurm;

/// <summary>
/// The plugin built from configuration, as the host builds it, running real shell scripts in place of scontrol:
/// scripts that print the lab captures, one that exits non-zero, one that hangs past TIMEOUT_COMMANDS.
/// </summary>
[TestFixture]
public sealed class SlurmRealProcessTests
{
    private ScriptDirectory _scripts = null!;

    [SetUp]
    public void SetUp() => _scripts = new ScriptDirectory();

    [TearDown]
    public void TearDown() => _scripts.Dispose();

    private SlurmLrmsPlugin Plugin(params (string Key, string Value)[] settings)
    {
        var config = new CluesConfig();
        config.Set("general", "TIMEOUT_COMMANDS", "2");
        foreach (var (key, value) in settings)
        {
            config.Set("SLURM", key, value);
        }
        var plugin = new SlurmLrmsPlugin(config, NullLogger<SlurmLrmsPlugin>.Instance, TimeProvider.System);
        Assert.That(config.Errors, Is.Empty);
        return plugin;
    }

    private string Printing(string name, string testDataFile) =>
        "sh " + _scripts.Script(name, $"cat '{Path.Combine(Clues.Tests.Common.TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "Slurm", "TestData", testDataFile)}'");

    [Test, CancelAfter(30_000)]
    public async Task Monitoring_ScriptsPrintingLabOutputs_NodesAndJobs(CancellationToken ct)
    {
        var plugin = Plugin(("SLURM_NODES_COMMAND", Printing("nodes.sh", "one-down-nodes.txt")),
            ("SLURM_JOBS_COMMAND", Printing("jobs.sh", "one-down-jobs.txt")));

        var nodes = await plugin.GetNodesAsync(ct);
        var jobs = await plugin.GetJobsAsync(ct);

        Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[] { ("slab1", NodeState.Idle), ("slab2", NodeState.Idle), ("slab3", NodeState.Off) }));
        Assert.That(jobs.Select(j => (j.JobId, j.State)), Is.EqualTo(new[] { ("11", RequestState.Pending), ("12", RequestState.Pending), ("13", RequestState.Pending) }));
    }

    [Test, CancelAfter(30_000)]
    public async Task Commands_SlurmConfConfigured_ReachesTheCommandEnvironment(CancellationToken ct)
    {
        var nodes = _scripts.Script("nodes.sh", "echo \"NodeName=wn1 CPUTot=1 RealMemory=1 State=IDLE Partitions=$(basename \"$SLURM_CONF\")\"");
        var plugin = Plugin(("SLURM_NODES_COMMAND", "sh " + nodes), ("SLURM_CONF", "/tmp/slab/etc/slurm.conf"));

        var node = (await plugin.GetNodesAsync(ct)).Single();

        Assert.That(node.Keywords["queues"].ToPythonRepr(), Is.EqualTo("['slurm.conf']"));
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandExitsNonZero_FailureNamesCommandExitCodeAndStderr()
    {
        var nodes = _scripts.Script("nodes.sh", "echo 'slurm_load_node error: Unable to contact slurm controller (connect failure)' >&2; exit 1");
        var plugin = Plugin(("SLURM_NODES_COMMAND", "sh " + nodes));

        var ex = Assert.ThrowsAsync<SlurmCommandException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(nodes).And.Contain("exited with code 1").And.Contain("Unable to contact slurm controller"));
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandHangs_FailsAtTheTimeoutAndTheProcessIsKilled()
    {
        var pidFile = _scripts.File("pid");
        var jobs = _scripts.Script("jobs.sh", $"echo $$ > '{pidFile}'; exec sleep 600");
        var plugin = Plugin(("SLURM_JOBS_COMMAND", "sh " + jobs));

        var ex = Assert.ThrowsAsync<SlurmCommandException>(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(jobs).And.Contain("timed out"));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ScriptDirectory.IsGone(pid), Is.True, "the hanging command was killed, not left behind");
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandPrintsGarbage_FailureNamesTheLine()
    {
        var jobs = _scripts.Script("jobs.sh", "echo 'JobId=1 JobState=PENDING Partition=debug'; echo 'Segmentation fault'");
        var plugin = Plugin(("SLURM_JOBS_COMMAND", "sh " + jobs));

        var ex = Assert.ThrowsAsync<ScontrolFormatException>(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(jobs).And.Contain("line 2").And.Contain("Segmentation fault"));
    }

    [Test, CancelAfter(30_000)]
    public async Task DrainFlow_RealCommands_DrainCheckAndUndrainWhenAJobLanded(CancellationToken ct)
    {
        // A stand-in scontrol: "drain"/"undrain" are appended to a log; the node listing shows a job on the node.
        var log = _scripts.File("scontrol.log");
        var scontrol = _scripts.Script("scontrol.sh", $"echo \"$*\" >> '{log}'");
        var plugin = Plugin(("SLURM_NODES_COMMAND", Printing("nodes.sh", "mixed-nodes.txt")),
            ("SLURM_DRAIN_COMMAND", $"sh {scontrol} drain %%h"), ("SLURM_UNDRAIN_COMMAND", $"sh {scontrol} undrain %%h"));

        var busy = await plugin.PreparePowerOffAsync("slab1", ct);
        var idle = await plugin.PreparePowerOffAsync("slab3", ct);

        Assert.That(busy, Is.False, "slab1 is MIXED: a job runs there");
        Assert.That(idle, Is.True, "slab3 is IDLE");
        Assert.That(File.ReadAllLines(log), Is.EqualTo(new[] { "drain slab1", "undrain slab1", "drain slab3" }));
    }
}
