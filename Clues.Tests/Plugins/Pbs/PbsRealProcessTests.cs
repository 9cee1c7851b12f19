using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.Pbs;
using Clues.Tests.Core.Power.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Pbs;

/// <summary>
/// The plugin built from configuration, as the host builds it, running shell scripts in place of qstat and pbsnodes:
/// scripts that print the test data after checking their arguments, one that exits non-zero, one that hangs.
/// </summary>
[TestFixture]
public sealed class PbsRealProcessTests
{
    private ScriptDirectory _scripts = null!;

    [SetUp]
    public void SetUp() => _scripts = new ScriptDirectory();

    [TearDown]
    public void TearDown() => _scripts.Dispose();

    private PbsLrmsPlugin Plugin(string qstat, string pbsnodes)
    {
        var config = new CluesConfig();
        config.Set("general", "TIMEOUT_COMMANDS", "2");
        config.Set("PBS", "PBS_SERVER", "torque-head");
        config.Set("PBS", "PBS_QSTAT_COMMAND", "sh " + qstat);
        config.Set("PBS", "PBS_PBSNODES_COMMAND", "sh " + pbsnodes);
        var plugin = new PbsLrmsPlugin(config, NullLogger<PbsLrmsPlugin>.Instance, TimeProvider.System);
        Assert.That(config.Errors, Is.Empty);
        return plugin;
    }

    // A stand-in qstat: the queues for "-Qf @torque-head", the jobs for "-x @torque-head", an error otherwise.
    private string Qstat() => _scripts.Script("qstat.sh", $"""
        echo "$*" >> '{_scripts.File("calls.log")}'
        case "$*" in
          "-Qf @torque-head") cat '{PbsTestData.PathOf("qstat-Qf.txt")}' ;;
          "-x @torque-head") cat '{PbsTestData.PathOf("qstat-x.xml")}' ;;
          *) echo "qstat: unexpected arguments $*" >&2; exit 2 ;;
        esac
        """);

    // A stand-in pbsnodes: the nodes for "-x -s torque-head"; -o/-c are logged.
    private string Pbsnodes() => _scripts.Script("pbsnodes.sh", $"""
        echo "$*" >> '{_scripts.File("calls.log")}'
        case "$*" in
          "-x -s torque-head") cat '{PbsTestData.PathOf("pbsnodes-x.xml")}' ;;
          "-s torque-head -o "*|"-s torque-head -c "*) ;;
          *) echo "pbsnodes: unexpected arguments $*" >&2; exit 2 ;;
        esac
        """);

    [Test, CancelAfter(30_000)]
    public async Task Monitoring_ScriptsPrintingTorqueOutputs_NodesAndJobs(CancellationToken ct)
    {
        var plugin = Plugin(Qstat(), Pbsnodes());

        var nodes = await plugin.GetNodesAsync(ct);
        var jobs = await plugin.GetJobsAsync(ct);

        Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[]
        {
            ("node01", NodeState.Idle), ("node02", NodeState.Used), ("node03", NodeState.Used), ("node04", NodeState.Off), ("node05", NodeState.Idle),
        }));
        Assert.That(jobs.Select(j => (j.JobId, j.State)), Has.Member(("14.torque-head", RequestState.Pending)));
    }

    [Test, CancelAfter(30_000)]
    public async Task OfflineFlow_RealCommands_OfflineCheckAndClearWhenAJobIsThere(CancellationToken ct)
    {
        var plugin = Plugin(Qstat(), Pbsnodes());

        var busy = await plugin.PreparePowerOffAsync("node02", ct);
        var idle = await plugin.PreparePowerOffAsync("node01", ct);

        Assert.That((busy, idle), Is.EqualTo((false, true)));
        Assert.That(File.ReadAllLines(_scripts.File("calls.log")), Is.EqualTo(new[]
        {
            "-s torque-head -o -N clues_power_off node02", "-Qf @torque-head", "-x -s torque-head", "-s torque-head -c -N n node02",
            "-s torque-head -o -N clues_power_off node01", "-Qf @torque-head", "-x -s torque-head",
        }));
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandExitsNonZero_FailureNamesCommandAndStderr()
    {
        var qstat = _scripts.Script("qstat.sh", "echo 'qstat: cannot connect to server torque-head (errno=111) Connection refused' >&2; exit 1");
        var plugin = Plugin(qstat, Pbsnodes());

        var ex = Assert.ThrowsAsync<PbsCommandException>(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(qstat).And.Contain("exited with code 1").And.Contain("Connection refused"));
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandHangs_FailsAtTheTimeoutAndTheProcessIsKilled()
    {
        var pidFile = _scripts.File("pid");
        var pbsnodes = _scripts.Script("pbsnodes.sh", $"echo $$ > '{pidFile}'; exec sleep 600");
        var plugin = Plugin(Qstat(), pbsnodes);

        var ex = Assert.ThrowsAsync<PbsCommandException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(pbsnodes).And.Contain("timed out"));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ScriptDirectory.IsGone(pid), Is.True, "the hanging command was killed, not left behind");
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandPrintsGarbage_FailureNamesTheLine()
    {
        var pbsnodes = _scripts.Script("pbsnodes.sh", "echo '<Data><Node><name>n1</name><state>free</state></Node></Data>'; echo 'Segmentation fault'");
        var plugin = Plugin(Qstat(), pbsnodes);

        var ex = Assert.ThrowsAsync<PbsFormatException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(pbsnodes).And.Contain("line 2"));
    }
}
