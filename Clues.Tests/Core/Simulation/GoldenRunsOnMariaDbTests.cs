using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Persistence;
using Clues.Core.Simulation;
using Clues.Tests.Common;
using Clues.Tests.Core.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Simulation;

/// <summary>
/// The golden simulator runs (and a larger one with fractional requests) write the same rows on MariaDB as on SQLite,
/// table by table, row number (<c>x</c>) included: CLUES' report scripts and tools see the same history on either.
/// </summary>
[TestFixture, Category(StoreDatabase.MariaDb), NonParallelizable]
public sealed class GoldenRunsOnMariaDbTests
{
    private StoreDatabase _sqlite = null!;
    private StoreDatabase _mariaDb = null!;
    private string _dir = null!;

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

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("clues-golden-maria-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCase("simple.sim")]
    [TestCase("platform.sim")]
    [CancelAfter(120_000)]
    public async Task FixtureRun_SameRowsAsSqlite(string fixture, CancellationToken ct)
    {
        await AssertSameRowsAsync(TestEnvironment.Fixture("clues-simulator", fixture), new Dictionary<string, string>(), ct);
    }

    [Test, CancelAfter(120_000)]
    public async Task CapAndBlockedRequests_SameRowsAsSqlite(CancellationToken ct)
    {
        var trace = Path.Combine(_dir, "run2.sim");
        File.WriteAllLines(trace, [";node;wn;2;2048;3", "10;job;2;1024;30;2;", "11;job;1;256;20;4;", "100;job;2;512;10;4;"]);

        await AssertSameRowsAsync(trace, new Dictionary<string, string> { ["scheduling.IDLE_TIME"] = "20", ["scheduling.MAX_BOOTING_NODES"] = "1" }, ct);
    }

    [Test, CancelAfter(300_000)]
    public async Task ManyJobsWithFractionalResources_SameRowsAsSqlite(CancellationToken ct)
    {
        var trace = Path.Combine(_dir, "many.sim");
        var lines = new List<string> { ";node;wn;6;4096;4" };
        var random = new Random(11);
        for (var i = 0; i < 60; i++)
        {
            // Arrivals in bursts with idle gaps, so that nodes go on and off; some requests ask for 1.5 slots or 0.5 GB.
            var at = i * 37 + (i / 10) * 900;
            var slots = (random.Next(4) + 1) * 0.5;
            var memory = random.Next(1, 8) * 256.5;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{at};job;{slots};{memory};{random.Next(20, 400)};{random.Next(1, 4)};"));
        }
        File.WriteAllLines(trace, lines);

        await AssertSameRowsAsync(trace, new Dictionary<string, string> { ["scheduling.IDLE_TIME"] = "120" }, ct);
    }

    private async Task AssertSameRowsAsync(string trace, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var onSqlite = await RunAsync(_sqlite, trace, settings, ct);
        var onMariaDb = await RunAsync(_mariaDb, trace, settings, ct);

        var compared = 0;
        foreach (var (table, order) in StoreDatabase.Tables)
        {
            var expected = await _sqlite.ComparableRowsAsync(onSqlite, table, order, ct);
            var actual = await _mariaDb.ComparableRowsAsync(onMariaDb, table, order, ct);
            Assert.That(actual, Is.EqualTo(expected), $"table {table}");
            compared += expected.Count;
        }
        Assert.That(compared, Is.GreaterThan(0), "the run wrote rows");
        TestContext.Progress.WriteLine($"{Path.GetFileName(trace)}: {compared} rows equal on SQLite and MariaDB");
    }

    private static async Task<string> RunAsync(StoreDatabase databases, string tracePath, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var url = await databases.NewAsync(ct);
        var config = DeterministicSimulation.Config();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split('.');
            config.Set(parts[0], parts[1], value);
        }
        var random = new Random(7);
        using var store = CluesStoreFactory.Open(url, StoreWriteMode.Batched);
        await new SimulationRunner(NullLoggerFactory.Instance).RunWithStoreAsync(SimTrace.Load(tracePath, random), config, store, random, ct);
        return url;
    }
}
