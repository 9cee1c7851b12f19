using Clues.Core.Api;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Host.Server;
using Clues.Tests.Api;
using Clues.Tests.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Host.Browser;

/// <summary>
/// The status page in a real headless Chromium (Debian's <c>chromium</c>): its script runs, fills the node and
/// request tables (with the "why" column, memory in GiB, a request's job state) and draws the reports view from <c>/reports/summary.json</c>
/// (states graph with request arrivals, host timelines with "no data" before a host's first row, host cards, request
/// statistics); the screenshots are not blank and show the state colours.
/// </summary>
[TestFixture, Category("Browser"), NonParallelizable]
public sealed class StatusPageBrowserTests
{
    private const string Secret = "br0wser-s3cret";
    private const double Gib = 1024d * 1024 * 1024;
    private const string JobId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private string _folder = null!;
    private CluesApiServer _server = null!;
    private Uri _page = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        TestEnvironment.RequireProgram("chromium");
        _folder = Directory.CreateTempSubdirectory("clues-browser-").FullName;
        var database = Path.Combine(_folder, "clues.db");
        WriteHistory(database);

        var control = FakeCluesControl.WithExampleNodes();
        control.Nodes[0] = control.Nodes[0] with
        {
            Why = "busy: running work: 1 of 2 slots in use", MemoryTotal = 8 * Gib, MemoryFree = 6 * Gib,
        };
        control.Requests.Add(new RequestSnapshot
        {
            Id = 8, Resources = new Resources(1.5, 1.5 * Gib, [""]), State = RequestState.Attended,
            Why = "waiting-for-nodes: waiting for wn01 (powon for 15 s)",
        });
        control.Requests.Add(new RequestSnapshot
        {
            Id = 9, Resources = new Resources(1, Gib, [""]), State = RequestState.NotServed, JobId = JobId,
            Job = new JobSnapshot { Id = JobId, State = "done", Nodes = ["wn02"] },
        });
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = Secret, Database = database };
        _server = new CluesApiServer(options, control, NullLoggerFactory.Instance, TimeProvider.System);
        await _server.StartAsync(CancellationToken.None);
        // The token travels in the fragment, which the browser never sends to the server.
        _page = new Uri(_server.Addresses[0], "/#token=" + Secret);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
        }
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // An hour of history, memory in bytes: wn01 off → powon → idle, wn02 used throughout, wn03 first seen 30 minutes
    // ago (no data before); a served request for 1.5 slots and one that was not served.
    private static void WriteHistory(string database)
    {
        using (new SqliteCluesStore(database))
        {
        }
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;
        const long gib = 1L << 30;
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO host_monitoring(name, timestamp_state, slots_count, slots_free, memory_total, memory_free, state, timestamp) VALUES
              ('wn01', {now - 3600}, 2, 2, {2 * gib}, {2 * gib}, 2, {now - 3600}),
              ('wn02', {now - 3600}, 2, 1, {2 * gib}, {gib}, 1, {now - 3600}),
              ('wn01', {now - 2400}, 2, 2, {2 * gib}, {2 * gib}, 3, {now - 2400}),
              ('wn01', {now - 2000}, 2, 1, {2 * gib}, {gib}, 0, {now - 2000}),
              ('wn03', {now - 1800}, 4, 4, {4 * gib}, {4 * gib}, 0, {now - 1800});
            INSERT INTO requests(reqid, timestamp_created, timestamp_state, state, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes) VALUES
              ('1', {now - 2500}, {now - 2000}, 2, 1.5, {gib}, '[""]', 1, 1, 'null', '[]'),
              ('2', {now - 1500}, {now - 1200}, -2, 1, {gib / 2}, '[""]', 2, 2, 'null', '[]');
            """;
        command.ExecuteNonQuery();
    }

    private Task<string> ChromiumAsync(CancellationToken ct, params string[] extra) => HeadlessChromium.RunAsync(_folder, _page, ct, extra);

    [Test, CancelAfter(120000)]
    public async Task StatusPage_AfterScript_TablesAndReportsAreFilled(CancellationToken ct)
    {
        var dom = await ChromiumAsync(ct, "--dump-dom");

        Assert.That(dom, Does.Contain("<td>wn02</td><td></td><td>used</td><td>yes</td>"), "in no group");
        Assert.That(dom, Does.Contain("<div id=\"dry-run-box\" hidden=\"\">").And.Contain("<div id=\"groups-box\" hidden=\"\">"),
            "no dry-run banner and no group table when neither is configured");
        Assert.That(dom, Does.Contain("<td>busy: running work: 1 of 2 slots in use</td>"));
        Assert.That(dom, Does.Contain("<td>waiting-for-nodes: waiting for wn01 (powon for 15 s)</td>"));
        Assert.That(dom, Does.Contain("<td class=\"num\">2 GiB / 8 GiB</td>"), "node memory in GiB, not bytes");
        Assert.That(dom, Does.Contain("<td class=\"num\">1.5</td><td class=\"num\">1.5 GiB</td>"), "request slots and memory");
        Assert.That(dom, Does.Contain($"<td>not-served</td>").And.Contain($"<td>{JobId}</td><td>done on wn02</td>"),
            "a wrapper job's own state beside its request's");
        Assert.That(dom, Does.Contain("3 host(s), 2 request(s) from "));
        Assert.That(dom, Does.Contain("class=\"state state-3\"").And.Contain("class=\"state state-1\""), "state timeline drawn");
        Assert.That(dom, Does.Match("class=\"state state-nodata\" data-host=\"wn03\""), "wn03 is no data before its first row");
        Assert.That(dom, Does.Not.Match("class=\"state state-2\" data-host=\"wn03\""), "and never drawn off");
        Assert.That(dom, Does.Contain("class=\"states-area\" data-state=\"used\"").And.Contain("data-state=\"no data\""), "states graph drawn");
        Assert.That(Regex.Matches(dom, "class=\"arrival\"").Count, Is.EqualTo(2), "one circle per request arrival");
        Assert.That(dom, Does.Contain("class=\"usage-used\"").And.Contain("class=\"memory-used\""), "usage charts drawn");
        Assert.That(dom, Does.Contain("class=\"usage-host\" data-host=\"wn01\"").And.Contain("class=\"memory-host\" data-host=\"wn02\""), "stacked per host");
        Assert.That(Regex.Matches(dom, "class=\"card host-card\"").Count, Is.EqualTo(3), "a card per host");
        // The report runs to now, a few seconds after the history was written: wn01 is idle for the last 2000 s of 3600.
        Assert.That(dom, Does.Match(@"<h3>wn01</h3><p>powered on 1 time\(s\); on 0:3\d \(5\d\.\d %\) of 1:0\d observed</p>"));
        Assert.That(dom, Does.Contain("<h3>wn02</h3><p>powered on 0 time(s); on 1:0"));
        Assert.That(dom, Does.Contain("<p>slots used: mean 1 of 2, while on 1, peak 1</p>"), "wn02: 1 of 2 slots throughout");
        Assert.That(dom, Does.Contain("<p>memory used: mean 1 GiB of 2 GiB, while on 1 GiB, peak 1 GiB</p>"));
        Assert.That(dom, Does.Contain("no data for the first 0:30"), "wn03's card");
        Assert.That(dom, Does.Contain("<tr><td>served</td><td class=\"num\">1</td><td class=\"num\">50.0 %</td></tr>"));
        Assert.That(dom, Does.Contain("<tr><td>time to be served</td><td class=\"num\">0:08</td>"), "500 s");
        Assert.That(dom, Does.Contain("<tr><td>slots per task</td><td class=\"num\">1.25</td><td class=\"num\">1</td><td class=\"num\">1.5</td></tr>"));
        Assert.That(dom, Does.Contain("<p id=\"error\"></p>").And.Contain("<form id=\"login\" hidden=\"\">"), "authorised from the fragment, no prompt");
    }

    [Test, CancelAfter(120000)]
    public async Task StatusPage_Screenshot_IsNotBlankAndShowsStateColours(CancellationToken ct)
    {
        var png = Path.Combine(_folder, "status.png");

        await ChromiumAsync(ct, "--screenshot=" + png);

        var image = PngImage.Load(png);
        var nonWhite = 0;
        var usedBlue = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image[x, y];
                if (r < 245 || g < 245 || b < 245)
                {
                    nonWhite++;
                }
                if ((r, g, b) == (0x42, 0xa5, 0xf5))
                {
                    usedBlue++;
                }
            }
        }
        Assert.That((image.Width, image.Height), Is.EqualTo((1200, 900)));
        Assert.That(nonWhite / (double)(image.Width * image.Height), Is.GreaterThan(0.02), "text, tables and charts drawn");
        Assert.That(usedBlue, Is.GreaterThan(200), "the USED state of wn02 in the timeline");
    }

    [Test, CancelAfter(120000)]
    public async Task StatusPage_ReportsScreenshot_ShowsTheStatesGraphAndCards(CancellationToken ct)
    {
        var png = Path.Combine(_folder, "reports.png");

        await ChromiumAsync(ct, "--screenshot=" + png, "--window-size=1200,2600");

        // Kept beside the test results to be looked at.
        var kept = Path.Combine(TestContext.CurrentContext.WorkDirectory, "status-page-reports.png");
        File.Copy(png, kept, overwrite: true);
        TestContext.AddTestAttachment(kept, "the status page with its reports view");
        var image = PngImage.Load(png);
        var colours = new Dictionary<(int, int, int), int>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                colours[image[x, y]] = colours.GetValueOrDefault(image[x, y]) + 1;
            }
        }
        Assert.That((image.Width, image.Height), Is.EqualTo((1200, 2600)));
        Assert.That(colours.GetValueOrDefault((0x42, 0xa5, 0xf5)), Is.GreaterThan(5000), "used: wn02's area in the states graph and its timeline");
        Assert.That(colours.GetValueOrDefault((0x66, 0xbb, 0x6a)), Is.GreaterThan(5000), "idle: wn01 and wn03");
        Assert.That(colours.GetValueOrDefault((0xe0, 0xe0, 0xe0)), Is.GreaterThan(2000), "off: wn01 before it was powered on");
        Assert.That(colours.GetValueOrDefault((0xff, 0xca, 0x28)), Is.GreaterThan(1000), "powon: wn01");
        Assert.That(colours.Where(c => c.Key.Item1 > 200 && c.Key.Item2 is > 60 and < 120 && c.Key.Item3 < 40).Sum(c => c.Value), Is.GreaterThan(20),
            "the orange request arrival circles");
    }
}
