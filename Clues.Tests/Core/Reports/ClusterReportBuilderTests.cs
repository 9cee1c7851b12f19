using System.Globalization;
using Clues.Core.Model;
using Clues.Core.Reports;
using NUnit.Framework;

namespace Clues.Tests.Core.Reports;

/// <summary>
/// The report of a database written by a real simulation, checked against figures computed independently from the
/// raw rows with SQL (window functions), and the fixes: "no data" before a host's first row, fractional slots.
/// </summary>
[TestFixture]
public sealed class ClusterReportBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private SimulatedDatabase _simulation = null!;
    private string _database = null!;
    private ClusterReport _report = null!;

    [OneTimeSetUp]
    public async Task SimulateAsync()
    {
        _simulation = await SimulatedDatabase.CreateAsync();
        _database = _simulation.Path;
        using var reader = CluesDatabaseReader.Open(_database);
        _report = ClusterReportBuilder.Read(reader, null, null, Now);
    }

    [OneTimeTearDown]
    public void RemoveFolder() => _simulation.Dispose();

    private double Sql(string sql) => _simulation.Number(sql);

    // Each row holds until the host's next row, the last one until the period's end.
    private string Spans => $"SELECT name, state, slots_count, slots_free, memory_total, memory_free, LEAD(timestamp, 1, {_report.Period.To.ToString(CultureInfo.InvariantCulture)}) OVER (PARTITION BY name ORDER BY timestamp, x) - timestamp AS length FROM host_monitoring";

    [Test]
    public void Read_WholeDatabase_PeriodIsFirstToLastRow()
    {
        Assert.That(_report.Period.From, Is.EqualTo(Sql("SELECT min(t) FROM (SELECT timestamp AS t FROM host_monitoring UNION ALL SELECT timestamp_created FROM requests)")));
        Assert.That(_report.Period.To, Is.EqualTo(Sql("SELECT max(t) FROM (SELECT timestamp AS t FROM host_monitoring UNION ALL SELECT timestamp_created FROM requests)")));
        Assert.That(_report.Hosts.Select(h => h.Name), Is.EqualTo(_simulation.Query("SELECT DISTINCT name FROM host_monitoring ORDER BY name").Select(r => (string)r[0])));
        Assert.That(_report.Hosts, Has.Count.GreaterThanOrEqualTo(2), "the two-task request powers a second node on");
    }

    [Test]
    public void Hosts_TimeInEachState_MatchesTheRowsAndFillsThePeriod()
    {
        foreach (var host in _report.Hosts)
        {
            foreach (var state in host.States)
            {
                var expected = Sql($"SELECT coalesce(sum(length), 0) FROM ({Spans}) WHERE name = '{host.Name}' AND state = {(int)state.State}");
                Assert.That(state.Seconds, Is.EqualTo(expected).Within(1e-6), $"{host.Name} {state.Name}");
            }
            Assert.That(host.ObservedSeconds + host.NoDataSeconds, Is.EqualTo(_report.Period.Seconds).Within(1e-6), host.Name);
            Assert.That(host.States.Sum(s => s.ShareOfObserved), Is.EqualTo(1).Within(1e-9), host.Name);
        }
    }

    [Test]
    public void Hosts_BeforeTheirFirstRow_HaveNoDataRatherThanOff()
    {
        var late = _report.Hosts.Where(h => h.NoDataSeconds > 0).ToList();
        Assert.That(late, Is.Not.Empty, "the second node is first written when the two-task request powers it on");
        foreach (var host in late)
        {
            var first = Sql($"SELECT min(timestamp) FROM host_monitoring WHERE name = '{host.Name}'");
            Assert.That(host.NoDataSeconds, Is.EqualTo(first - _report.Period.From));
            Assert.That(host.Segments[0], Is.EqualTo(new StateSegment(_report.Period.From, first, null)));
            Assert.That(host.States.Single(s => s.State == NodeState.Off).Seconds,
                Is.EqualTo(Sql($"SELECT coalesce(sum(length), 0) FROM ({Spans}) WHERE name = '{host.Name}' AND state = 2")).Within(1e-6),
                "no off time is invented before the first row");
        }
        Assert.That(_report.Timeline[0].Nodes[ClusterReportBuilder.NoData], Is.EqualTo(late.Count));
    }

    [Test]
    public void Hosts_PowerOnsAndVisits_CountTheEntriesIntoEachState()
    {
        foreach (var host in _report.Hosts)
        {
            var entries = $"SELECT state, LAG(state) OVER (PARTITION BY name ORDER BY timestamp, x) AS previous FROM host_monitoring WHERE name = '{host.Name}'";
            Assert.That(host.PowerOns, Is.EqualTo(Sql($"SELECT count(*) FROM ({entries}) WHERE state = 3 AND (previous IS NULL OR previous != 3)")), host.Name);
            foreach (var state in host.States)
            {
                Assert.That(state.Visits, Is.EqualTo(Sql($"SELECT count(*) FROM ({entries}) WHERE state = {(int)state.State} AND (previous IS NULL OR previous != state)")), $"{host.Name} {state.Name}");
                Assert.That(state.MeanSeconds, state.Visits == 0 ? Is.Null : Is.EqualTo(state.Seconds / state.Visits).Within(1e-9));
            }
        }
        Assert.That(_report.Hosts.Sum(h => h.PowerOns), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void Hosts_MemoryAndSlotsUsed_AreTimeWeightedMeans()
    {
        foreach (var host in _report.Hosts)
        {
            var on = $"name = '{host.Name}' AND state IN (0, 1, 5)";
            Assert.That(host.OnSeconds, Is.EqualTo(Sql($"SELECT coalesce(sum(length), 0) FROM ({Spans}) WHERE {on}")).Within(1e-6));
            Assert.That(host.Memory.MeanUsedWhileOn, Is.EqualTo(Sql($"SELECT 1.0 * sum(length * (memory_total - memory_free)) / sum(length) FROM ({Spans}) WHERE {on}")).Within(1e-6));
            Assert.That(host.Slots.MeanUsed, Is.EqualTo(Sql($"SELECT 1.0 * sum(length * max(0, slots_count - slots_free)) / sum(length) FROM ({Spans}) WHERE name = '{host.Name}'")).Within(1e-6));
            Assert.That(host.Memory.PeakUsed, Is.EqualTo(Sql($"SELECT max(memory_total - memory_free) FROM host_monitoring WHERE name = '{host.Name}'")));
            Assert.That(host.Slots.BandSeconds.Sum(), Is.EqualTo(host.OnSeconds).Within(1e-6), "the quartile bands share the time on");
        }
    }

    [Test]
    public void Hosts_UsageOverTime_ChangesWhereTheRowsChange()
    {
        foreach (var host in _report.Hosts)
        {
            var rows = _simulation.Query($"SELECT timestamp, max(0, slots_count - slots_free), max(0, memory_total - memory_free) FROM host_monitoring WHERE name = '{host.Name}' ORDER BY timestamp, x")
                .Select(r => new UsagePoint(Convert.ToDouble(r[0], CultureInfo.InvariantCulture), Convert.ToDouble(r[1], CultureInfo.InvariantCulture), Convert.ToDouble(r[2], CultureInfo.InvariantCulture)))
                .ToList();
            // The rows without a change of use are left out.
            var changes = rows.Where((r, i) => i == 0 || (r.SlotsUsed, r.MemoryUsed) != (rows[i - 1].SlotsUsed, rows[i - 1].MemoryUsed)).ToList();
            Assert.That(host.Usage, Is.EqualTo(changes), host.Name);
        }
        Assert.That(_report.Hosts.SelectMany(h => h.Usage).Max(u => u.SlotsUsed), Is.EqualTo(2));
    }

    [Test]
    public void Requests_CountsTimesAndSizes_MatchTheRequestRows()
    {
        var requests = _report.Requests;
        Assert.That(requests.Count, Is.EqualTo(Sql("SELECT count(*) FROM requests")).And.EqualTo(3), "three of the four jobs ask CLUES first");
        Assert.That(requests.Outcomes.Single(o => o.State == RequestState.Served).Count, Is.EqualTo(Sql("SELECT count(*) FROM requests WHERE state = 2")));
        Assert.That(requests.Outcomes.Sum(o => o.Count), Is.EqualTo(requests.Count));
        Assert.That(requests.TimeToServe!.Max, Is.EqualTo(Sql("SELECT max(timestamp_state - timestamp_created) FROM requests WHERE state = 2")));
        Assert.That(requests.TimeToServe.Mean, Is.EqualTo(Sql("SELECT avg(timestamp_state - timestamp_created) FROM requests WHERE state = 2")).Within(1e-9));
        Assert.That(requests.ArrivalsPerHour, Is.EqualTo(requests.Count / _report.Period.Seconds * 3600).Within(1e-9));
        Assert.That(_report.Arrivals.Sum(a => a.Count), Is.EqualTo(requests.Count));
    }

    [Test]
    public void Requests_FractionalSlots_AreKeptNotTruncated()
    {
        Assert.That(Sql("SELECT slots FROM requests ORDER BY timestamp_created LIMIT 1"), Is.EqualTo(1.5), "the store writes 1.5 slots as 1.5");
        Assert.That(_report.Requests.Slots!.Mean, Is.EqualTo((1.5 + 2 + 1) / 3), "the trace asks for 1.5, 2 and 1 slots");
        Assert.That((_report.Requests.Slots.Min, _report.Requests.Slots.Max), Is.EqualTo((1d, 2d)));
        Assert.That(_report.Requests.Tasks!.Max, Is.EqualTo(2));
    }

    [Test]
    public void Timeline_EveryPoint_CountsEveryHostOnce()
    {
        Assert.That(_report.Timeline.Select(p => p.Time), Is.Ordered.And.Unique);
        Assert.That(_report.Timeline[0].Time, Is.EqualTo(_report.Period.From));
        Assert.That(_report.Timeline[^1].Time, Is.EqualTo(_report.Period.To));
        Assert.That(_report.Timeline.Select(p => p.Nodes.Values.Sum()), Is.All.EqualTo(_report.Hosts.Count));
        Assert.That(_report.Timeline.Max(p => p.SlotsUsed), Is.GreaterThanOrEqualTo(3.5), "1.5 and 2 slots in use at once on two nodes");
        Assert.That(_report.Timeline, Has.All.Matches<ClusterPoint>(p => p.SlotsUsed <= p.SlotsOn));
    }

    [Test]
    public void Read_PeriodStartingMidRun_StartsEachHostInItsLastStateBeforeIt()
    {
        var from = Math.Floor((_report.Period.From + _report.Period.To) / 2);
        using var reader = CluesDatabaseReader.Open(_database);

        var half = ClusterReportBuilder.Read(reader, from.ToString(CultureInfo.InvariantCulture), null, Now);

        Assert.That(half.Period.From, Is.EqualTo(from));
        foreach (var host in half.Hosts)
        {
            var before = _simulation.Query($"SELECT state FROM host_monitoring WHERE name = '{host.Name}' AND timestamp < {from} ORDER BY timestamp DESC, x DESC LIMIT 1");
            Assert.That(before, Is.Not.Empty, $"{host.Name} has a row before the midpoint");
            Assert.That(host.NoDataSeconds, Is.Zero, host.Name);
            Assert.That(host.Segments[0].State, Is.EqualTo((NodeState)Convert.ToInt32(before[0][0], CultureInfo.InvariantCulture)), host.Name);
            Assert.That(host.ObservedSeconds, Is.EqualTo(half.Period.Seconds).Within(1e-6), host.Name);
        }
        Assert.That(half.Requests.Count, Is.EqualTo(Sql($"SELECT count(*) FROM requests WHERE timestamp_created >= {from}")));
    }

    [Test]
    public void Read_PeriodBeforeTheFirstRow_IsAnErrorNamingWhatTheDatabaseHolds()
    {
        using var reader = CluesDatabaseReader.Open(_database);

        var error = Assert.Throws<ReportException>(() => ClusterReportBuilder.Read(reader, "0", "5", Now));

        Assert.That(error!.Message, Does.StartWith("no data between 1970-01-01 00:00:00Z and 1970-01-01 00:00:05Z: the database holds 1970-01-01 00:00:"));
    }

    [Test]
    public void Build_OffToOnWithoutPowon_CountsAPowerOnAndMeanTimePerVisit()
    {
        // a: off, seen on without CLUES powering it (someone pressed the button), powered off by CLUES, off again.
        HostSample Row(double t, NodeState state, double slotsFree = 2) => new("a", t, 2, slotsFree, 4096, 4096, state);
        var samples = new[] { Row(0, NodeState.Off), Row(10, NodeState.Idle), Row(15, NodeState.Used, 1), Row(20, NodeState.PowOff), Row(30, NodeState.Off) };

        var report = ClusterReportBuilder.Build([], samples, [], new ReportPeriod(0, 40));

        var host = report.Hosts.Single();
        Assert.That(host.PowerOns, Is.EqualTo(1));
        var off = host.States.Single(s => s.State == NodeState.Off);
        Assert.That((off.Seconds, off.Visits, off.MeanSeconds), Is.EqualTo((20d, 2, 10d)));
        Assert.That(host.OnSeconds, Is.EqualTo(10));
        Assert.That(host.Slots.MeanUsedWhileOn, Is.EqualTo(0.5), "1 slot used for 5 of the 10 s on");
        Assert.That(host.Slots.BandSeconds, Is.EqualTo(new[] { 5d, 0, 5, 0, 0 }), "1 of 2 slots is the 25-50 % band");
        Assert.That(host.States.Single(s => s.State == NodeState.Used).ShareWhileOn, Is.EqualTo(0.5));
        Assert.That(host.Segments.Select(s => s.State), Is.EqualTo(new NodeState?[] { NodeState.Off, NodeState.Idle, NodeState.Used, NodeState.PowOff, NodeState.Off }));
    }

    [Test]
    public void Build_ManyChanges_TimelineIsResampledToTheLimit()
    {
        var samples = Enumerable.Range(0, 500).Select(i => new HostSample("a", i, 1, i % 2, 1, 1, i % 2 == 0 ? NodeState.Used : NodeState.Idle)).ToList();

        var report = ClusterReportBuilder.Build([], samples, [], new ReportPeriod(0, 499), maxPoints: 100);

        Assert.That(report.Timeline, Has.Count.EqualTo(100));
        var host = report.Hosts.Single();
        Assert.That(host.States.Single(s => s.State == NodeState.Used).Visits, Is.EqualTo(250), "the host's own figures are exact");
        Assert.That(host.Segments, Has.Count.LessThanOrEqualTo(100), "the drawing is coarsened");
        Assert.That(host.Usage, Has.Count.EqualTo(100), "and so is the use over time");
        Assert.That(host.Segments[0].Start, Is.EqualTo(0));
        Assert.That(host.Segments[^1].End, Is.EqualTo(499));
    }

    [Test]
    public void Build_ManyChanges_CoarseSegmentsKeepTheDominantState()
    {
        // Used for 9 s and idle for 1 s, 100 times over: at 20 slices of 50 s each slice is mostly used.
        var samples = Enumerable.Range(0, 100).SelectMany(i => new[]
        {
            new HostSample("a", i * 10, 1, 0, 1, 1, NodeState.Used), new HostSample("a", (i * 10) + 9, 1, 1, 1, 1, NodeState.Idle),
        }).ToList();

        var report = ClusterReportBuilder.Build([], samples, [], new ReportPeriod(0, 1000), maxPoints: 20);

        Assert.That(report.Hosts.Single().Segments, Is.EqualTo(new[] { new StateSegment(0, 1000, NodeState.Used) }));
        Assert.That(report.Hosts.Single().States.Single(s => s.State == NodeState.Idle).Seconds, Is.EqualTo(100));
    }
}
