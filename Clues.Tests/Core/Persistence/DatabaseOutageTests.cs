using System.Diagnostics;
using System.Text;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Tests.Common;
using Clues.Tests.Common.Builders;
using NUnit.Framework;

namespace Clues.Tests.Core.Persistence;

/// <summary>
/// The MariaDB server goes away for 30 s while a daemon runs a scenario (requests arrive, nodes are powered on and
/// off): the daemon goes on making the same decisions, says so once, counts the failures in /metrics, and once the
/// server is back the database holds every request and node change, row for row as a run that never lost it.
/// </summary>
[TestFixture, Category(StoreDatabase.MariaDb), NonParallelizable]
public sealed class DatabaseOutageTests
{
    private const double OutageStart = 100;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    private StoreDatabase _sqlite = null!;
    private StoreDatabase _mariaDb = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sqlite = await StoreDatabase.StartAsync(StoreDatabase.Sqlite, CancellationToken.None);
        _mariaDb = await StoreDatabase.StartAsync(StoreDatabase.MariaDb, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await (_sqlite?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_mariaDb?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Test, CancelAfter(300_000)]
    public async Task ServerAwayFor30s_DaemonGoesOnAndTheDatabaseCatchesUp(CancellationToken ct)
    {
        var reference = await _sqlite.NewAsync(ct);
        List<(double, string, string)> expectedCalls;
        using (var store = StoreDatabase.Open(reference))
        {
            (expectedCalls, _) = await RunScenarioAsync(store, _ => Task.CompletedTask, ct);
        }

        var url = await _mariaDb.NewAsync(ct);
        var server = _mariaDb.Server!;
        var logger = new RecordingLogger<ResilientCluesStore>();
        var outage = new Stopwatch();
        using var resilient = new ResilientCluesStore(StoreDatabase.Open(url), TimeProvider.System, logger, TimeSpan.Zero);
        var (calls, metrics) = await RunScenarioAsync(resilient, async second =>
        {
            if (second == OutageStart)
            {
                await server.StopAsync();
                outage.Start();
            }
            else if (outage.IsRunning && outage.Elapsed < Outage)
            {
                // The scenario's pace while the server is down: one tick (5 s of the daemon's time) per second, so
                // that the outage lasts 30 s of real time and spans requests and power actions.
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            else if (outage.IsRunning)
            {
                outage.Stop();
                await server.StartAgainAsync(ct);
            }
        }, ct);

        Assert.That(outage.Elapsed, Is.GreaterThanOrEqualTo(Outage), "the server was away for 30 s");
        Assert.That(calls, Is.EqualTo(expectedCalls), "the same power actions as with a database that never went away");
        Assert.That(resilient.PendingWrites, Is.Zero, "every kept write was re-applied");
        Assert.That(resilient.Errors, Is.GreaterThan(0));
        // The snapshot is taken during the outage; retries go on counting until the server is back.
        var counted = System.Text.RegularExpressions.Regex.Match(metrics, @"^clues_database_errors_total (\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.That(counted.Success, Is.True, "/metrics during the outage has clues_database_errors_total: " + metrics);
        Assert.That(long.Parse(counted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, resilient.Errors),
            "/metrics during the outage counts the failures so far");
        Assert.That(metrics, Does.Contain("clues_database_up 0\n"), "/metrics during the outage");
        Assert.That(logger.Entries.Count(e => e.EventId.Id == 1700), Is.EqualTo(1), "the outage is logged once, with its cause: " +
            string.Join("; ", logger.Entries.Where(e => e.EventId.Id == 1700).Select(e => e.Message)));
        Assert.That(logger.Entries.Single(e => e.EventId.Id == 1700).Message, Does.Contain($"127.0.0.1:{server.Port}").And.Not.Contain(MariaDbServer.Password));
        Assert.That(logger.Entries.Count(e => e.EventId.Id == 1702), Is.EqualTo(1), "the return is logged");
        foreach (var (table, order) in StoreDatabase.Tables)
        {
            Assert.That(await _mariaDb.ComparableRowsAsync(url, table, order, ct), Is.EqualTo(await _sqlite.ComparableRowsAsync(reference, table, order, ct)),
                $"table {table}");
        }
        Assert.That(await _mariaDb.CountAsync(url, "requests", ct), Is.EqualTo(4), "requests 2 and 3 arrived while the server was away");
    }

    /// <summary>
    /// Three nodes, IDLE_TIME 60; requests at 10, 120, 200 (while the server is away) and 400. A node boots 30 s after
    /// its power-on and is off 10 s after its power-off. <paramref name="beforeTick"/> runs before each 5 s tick, up to
    /// <paramref name="end"/>.
    /// </summary>
    internal static async Task<(List<(double, string, string)> Calls, string MetricsDuringOutage)> RunScenarioAsync(
        ICluesStore store, Func<double, Task> beforeTick, CancellationToken ct, double end = 600)
    {
        var lrms = new ScriptedLrms();
        var power = new RecordingPowerManager();
        foreach (var node in new[] { "wn1", "wn2", "wn3" })
        {
            lrms.States[node] = NodeState.Off;
        }
        await using var harness = DaemonHarness.Create(store, lrms, power, 0, new Dictionary<string, string> { ["scheduling.IDLE_TIME"] = "60" });
        var metrics = "";
        for (var second = 0.0; second <= end; second += 5)
        {
            await beforeTick(second);
            foreach (var node in lrms.States.Keys.ToList())
            {
                var last = power.Calls.LastOrDefault(c => c.Node == node);
                lrms.States[node] = last.Action switch
                {
                    "on" => second >= last.Second + 30 ? (lrms.States[node] == NodeState.Used ? NodeState.Used : NodeState.Idle) : NodeState.Off,
                    "off" => second >= last.Second + 10 ? NodeState.Off : NodeState.Idle,
                    _ => NodeState.Off,
                };
            }
            if (second is 10 or 120 or 200 or 400)
            {
                harness.CreateRequest(2, 1024);
            }
            await harness.TickAsync(second, ct);
            if (second == 200)
            {
                var text = new StringBuilder();
                harness.Daemon.Metrics.WritePrometheus(text);
                metrics = text.ToString();
            }
        }
        return (power.Calls, metrics);
    }
}
