using Clues.Core.Config;
using Clues.Core.Simulation;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Simulation;

/// <summary>
/// The golden runs of spec §12: CLUES 2.3's own simulator outputs, reproduced row for row with the deterministic
/// simulator settings (fixed power delays, no power-on failures).
/// </summary>
[TestFixture]
public sealed class GoldenRunTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("clues-golden-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test, CancelAfter(30_000)]
    public async Task SimpleSim_DefaultConfig_ProducesCluesRows(CancellationToken ct)
    {
        var db = Path.Combine(_dir, "simple.db");
        var result = await Run(TestEnvironment.Fixture("clues-simulator", "simple.sim"), db, new CluesConfig(), ct);

        Assert.That(Rows(db, "SELECT reqid, timestamp_created, timestamp_state, state, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes, x FROM requests"),
            Is.EqualTo(new[] { "2|12|25|2|1|1024|[\"\"]|1|1|null|[]|1" }));
        Assert.That(Rows(db, "SELECT timestamp_state, slots_free, memory_free, state, timestamp FROM host_monitoring WHERE name='node00' ORDER BY x"),
            Is.EqualTo(new[] { "15|1|4096|3|15", "25|1|4096|0|25", "30|0|3584|1|30", "30|0|3072|1|45", "70|1|4096|0|70" }));
        Assert.That(Rows(db, "SELECT name, enabled FROM hostdata"), Is.EqualTo(new[] { "node00|True" }));
        Assert.That(result.JobsFinished, Is.EqualTo(2));
    }

    [Test, CancelAfter(30_000)]
    public async Task SecondRun_CapAndBlockedRequests_MatchCluesTimeline(CancellationToken ct)
    {
        var trace = Path.Combine(_dir, "run2.sim");
        File.WriteAllLines(trace, [";node;wn;2;2048;3", "10;job;2;1024;30;2;", "11;job;1;256;20;4;", "100;job;2;512;10;4;"]);
        var config = new CluesConfig();
        config.Set("scheduling", "IDLE_TIME", "20");
        config.Set("scheduling", "MAX_BOOTING_NODES", "1");
        var db = Path.Combine(_dir, "run2.db");
        await Run(trace, db, config, ct);

        Assert.That(Rows(db, "SELECT reqid, timestamp_created, state FROM requests ORDER BY x"),
            Is.EqualTo(new[] { "1|10|2", "2|11|2", "5|100|0" }), "ids 1, 2, 5; request 5 stays BLOCKED and its row is never updated");
        Assert.That(Rows(db, "SELECT timestamp_state FROM requests WHERE reqid='2'"), Is.EqualTo(new[] { "65" }), "request 2 is served at 65");
        foreach (var node in new[] { "wn00", "wn01" })
        {
            var states = Rows(db, $"SELECT timestamp_state, state FROM host_monitoring WHERE name='{node}' ORDER BY x");
            Assert.That(states, Does.Contain("10|3"), $"{node} powered on at 10 despite MAX_BOOTING_NODES=1");
            Assert.That(states, Does.Contain("125|4"), $"{node} powered off at 125");
            Assert.That(states, Does.Contain("135|2"), $"{node} off at 135");
        }
        Assert.That(Rows(db, "SELECT count(*) FROM host_monitoring WHERE name='wn02'"), Is.EqualTo(new[] { "0" }), "wn02 is never touched");
    }

    private static Task<SimulationResult> Run(string tracePath, string db, CluesConfig config, CancellationToken ct)
    {
        var random = new Random(7);
        return new SimulationRunner(NullLoggerFactory.Instance).RunAsync(SimTrace.Load(tracePath, random), DeterministicSimulation.Config(config), db, random, ct);
    }

    private static List<string> Rows(string db, string sql) => DeterministicSimulation.Rows(db, sql);
}
