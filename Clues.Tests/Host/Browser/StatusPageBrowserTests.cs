using System.Diagnostics;
using Clues.Core.Api;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Host.Server;
using Clues.Tests.Api;
using Clues.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Host.Browser;

/// <summary>
/// The status page in a real headless Chromium (Debian's <c>chromium</c>): its script runs, fills the node and
/// request tables (with the "why" column) and draws the reports from <c>/reports/cluesdata.json</c>; the
/// screenshot is not blank and shows the state colours.
/// </summary>
[TestFixture, Category("Browser"), NonParallelizable]
public sealed class StatusPageBrowserTests
{
    private const string Secret = "br0wser-s3cret";
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
        control.Nodes[0] = control.Nodes[0] with { Why = "busy: running work: 1 of 2 slots in use" };
        control.Requests.Add(new RequestSnapshot
        {
            Id = 8, Resources = new Resources(1, 1024, [""]), State = RequestState.Attended,
            Why = "waiting-for-nodes: waiting for wn01 (powon for 15 s)",
        });
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = Secret, DatabasePath = database };
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

    // An hour of history: wn01 off → powon → idle, wn02 used throughout; one request.
    private static void WriteHistory(string database)
    {
        using (new SqliteCluesStore(database))
        {
        }
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO host_monitoring(name, timestamp_state, slots_count, slots_free, memory_total, memory_free, state, timestamp) VALUES
              ('wn01', {now - 3600}, 2, 2, 2048, 2048, 2, {now - 3600}),
              ('wn02', {now - 3600}, 2, 1, 2048, 1024, 1, {now - 3600}),
              ('wn01', {now - 2400}, 2, 2, 2048, 2048, 3, {now - 2400}),
              ('wn01', {now - 2000}, 2, 1, 2048, 1024, 0, {now - 2000});
            INSERT INTO requests(reqid, timestamp_created, timestamp_state, state, slots, memory, expressions, taskcount, maxtaskspernode, jobid, nodes)
              VALUES ('1', {now - 2500}, {now - 2000}, 2, 1, 1024, '[""]', 1, 1, 'null', '[]');
            """;
        command.ExecuteNonQuery();
    }

    private async Task<string> ChromiumAsync(CancellationToken ct, params string[] extra)
    {
        var start = new ProcessStartInfo(TestEnvironment.RequireProgram("chromium"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + Directory.CreateDirectory(Path.Combine(_folder, "chromium-" + Guid.NewGuid().ToString("N"))).FullName,
            "--window-size=1200,900", "--virtual-time-budget=10000",
        }.Concat(extra).Append(_page.ToString()))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.That(process.ExitCode, Is.Zero, await stderr);
        return await stdout;
    }

    [Test, CancelAfter(120000)]
    public async Task StatusPage_AfterScript_TablesAndReportsAreFilled(CancellationToken ct)
    {
        var dom = await ChromiumAsync(ct, "--dump-dom");

        Assert.That(dom, Does.Contain("<td>wn02</td><td>used</td><td>yes</td>"));
        Assert.That(dom, Does.Contain("<td>busy: running work: 1 of 2 slots in use</td>"));
        Assert.That(dom, Does.Contain("<td>waiting-for-nodes: waiting for wn01 (powon for 15 s)</td>"));
        Assert.That(dom, Does.Contain("2 host(s), 1 request(s) from "));
        Assert.That(dom, Does.Contain("class=\"state state-3\"").And.Contain("class=\"state state-1\""), "state timeline drawn");
        Assert.That(dom, Does.Contain("class=\"slots-used\""), "usage chart drawn");
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
}
