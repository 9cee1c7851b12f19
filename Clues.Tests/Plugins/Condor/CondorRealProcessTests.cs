using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.Condor;
using Clues.Tests.Core.Power.CommandLine;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Condor;

/// <summary>The plugin built from configuration, running shell scripts in place of condor_status and condor_q.</summary>
[TestFixture]
public sealed class CondorRealProcessTests
{
    private ScriptDirectory _scripts = null!;

    [SetUp]
    public void SetUp() => _scripts = new ScriptDirectory();

    [TearDown]
    public void TearDown() => _scripts.Dispose();

    private CondorLrmsPlugin Plugin(string status, string queue)
    {
        var config = new CluesConfig();
        config.Set("general", "TIMEOUT_COMMANDS", "2");
        config.Set("HTCONDOR", "HTCONDOR_STATUS_COMMAND", "sh " + status);
        config.Set("HTCONDOR", "HTCONDOR_Q_COMMAND", "sh " + queue);
        config.Set("HTCONDOR", "HTCONDOR_VNODES_FILE", "");
        var plugin = new CondorLrmsPlugin(config, TimeProvider.System);
        Assert.That(config.Errors, Is.Empty);
        return plugin;
    }

    private string Printing(string name, string file) => _scripts.Script(name, $"cat '{file}'");

    [Test, CancelAfter(30_000)]
    public async Task Monitoring_ScriptsPrintingClassAds_NodesAndJobs(CancellationToken ct)
    {
        var plugin = Plugin(Printing("status.sh", CondorTestData.PathOf("condor_status-long.txt")), Printing("q.sh", CondorTestData.PathOf("condor_q-global-long.txt")));

        var nodes = await plugin.GetNodesAsync(ct);
        var jobs = await plugin.GetJobsAsync(ct);

        Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[]
            { ("wn2.example.org", NodeState.Used), ("wn3.example.org", NodeState.Idle), ("wn4.example.org", NodeState.Idle) }));
        Assert.That(jobs.Select(j => (j.JobId, j.State)), Is.EqualTo(new[]
            { ("41.0", RequestState.Attended), ("41.1", RequestState.Pending), ("42.0", RequestState.Attended) }));
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CollectorDown_FailureNamesCommandAndStderr()
    {
        var status = _scripts.Script("status.sh", "echo 'Error: Couldn'\\''t contact the condor_collector on cm.example.org.' >&2; exit 1");
        var plugin = Plugin(status, Printing("q.sh", CondorTestData.PathOf("condor_q-global-long.txt")));

        var ex = Assert.ThrowsAsync<CondorCommandException>(() => plugin.GetNodesAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(status).And.Contain("exited with code 1").And.Contain("condor_collector"));
    }

    [Test, CancelAfter(30_000)]
    public void Monitoring_CommandHangs_FailsAtTheTimeoutAndTheProcessIsKilled()
    {
        var pidFile = _scripts.File("pid");
        var queue = _scripts.Script("q.sh", $"echo $$ > '{pidFile}'; exec sleep 600");
        var plugin = Plugin(Printing("status.sh", CondorTestData.PathOf("condor_status-long.txt")), queue);

        var ex = Assert.ThrowsAsync<CondorCommandException>(() => plugin.GetJobsAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain(queue).And.Contain("timed out"));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ScriptDirectory.IsGone(pid), Is.True, "the hanging command was killed, not left behind");
    }
}
