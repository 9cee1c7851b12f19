using System.Text.RegularExpressions;
using Clues.Core.Api;
using Clues.Core.Groups;
using Clues.Core.Model;
using Clues.Host.Server;
using Clues.Tests.Api;
using Clues.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Host.Browser;

/// <summary>
/// What an operator sees on the status page in a real headless Chromium when the daemon runs in dry run with node
/// groups: the dry-run banner and each would-be action, each group against its bounds, each node's group, the reason a
/// request is held back; and node and group names carrying markup shown as text, never run.
/// </summary>
[TestFixture, Category("Browser"), NonParallelizable]
public sealed class StatusPageGroupsAndDryRunBrowserTests
{
    private const string Secret = "gr0ups-s3cret";
    // Names an LRMS or a hand-edited database could report: were they inserted as markup, the image's handler would
    // retitle the page and add an element the DOM dump would show.
    private const string HostileNode = "<img id=\"pwned-node\" src=\"x\" onerror=\"document.title='pwned'\">";
    private const string HostileGroup = "<b id=\"pwned-group\" onclick=\"x()\">gpu</b>";
    private const string HeldBack = "group-limit: group gpu is at its maximum of 2 nodes on (MAX_ON); it is placed when the group has room";
    private string _folder = null!;
    private CluesApiServer _server = null!;
    private Uri _page = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        TestEnvironment.RequireProgram("chromium");
        _folder = Directory.CreateTempSubdirectory("clues-browser-groups-").FullName;
        var control = new FakeCluesControl { Now = 1_780_000_000 };
        NodeSnapshot Node(string name, NodeState state, string? group, string? why = null) => new()
        {
            Name = name, State = state, Group = group, Enabled = true, SlotsCount = 4, SlotsFree = 4, MemoryTotal = -1, MemoryFree = -1,
            TimestampState = control.Now - 600, Why = why,
        };
        control.Nodes.Add(Node("gpu-01", NodeState.Idle, "gpu"));
        control.Nodes.Add(Node("gpu-02", NodeState.Used, "gpu"));
        control.Nodes.Add(Node("gpu-03", NodeState.Off, "gpu", "dry-run: would be powered on for request 12; dry run (DRY_RUN), so no command is run and it stays off"));
        control.Nodes.Add(Node("wn1", NodeState.Off, null));
        control.Nodes.Add(Node(HostileNode, NodeState.Idle, HostileGroup, "dry-run: would be powered off; dry run (DRY_RUN), so no command is run and it stays idle"));
        control.Groups.Add(new NodeGroupStatus("gpu", 4, 2, 0, 0, 2, 1));
        control.Groups.Add(new NodeGroupStatus("svc", 3, 0, 1, 2, 0, 0));
        control.Groups.Add(new NodeGroupStatus(HostileGroup, 1, 1, 0, 0, 0, 0));
        control.Requests.Add(new RequestSnapshot
        {
            Id = 12, Resources = new Resources(2, 1024, [""]), State = RequestState.Attended,
            Why = "dry-run: would power on gpu-03 for it; dry run (DRY_RUN), so it stays waiting",
        });
        control.Requests.Add(new RequestSnapshot { Id = 13, Resources = new Resources(4, 1024, [""]), State = RequestState.Blocked, Why = HeldBack });
        control.DryRunStatus = new DryRunStatus(true, 3, 1,
        [
            new DryRunDecision("on", "gpu-03", [12], control.Now - 120, control.Now - 5, true),
            new DryRunDecision("off", HostileNode, [], control.Now - 300, control.Now - 5, true),
            new DryRunDecision("on", "wn1", [7, 8], control.Now - 3600, control.Now - 3000, false),
        ]);
        var options = new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = Secret };
        _server = new CluesApiServer(options, control, NullLoggerFactory.Instance, TimeProvider.System);
        await _server.StartAsync(CancellationToken.None);
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

    [Test, CancelAfter(120000)]
    public async Task StatusPage_DryRun_BannerAndEachWouldBeAction(CancellationToken ct)
    {
        var dom = await HeadlessChromium.RunAsync(_folder, _page, ct, "--dump-dom");

        Assert.That(dom, Does.Contain("<div id=\"dry-run-box\">"), "shown");
        Assert.That(dom, Does.Contain("<p id=\"dry-run\">dry run: no power command is run. ")
            .And.Contain("so far it would have powered on 3 and powered off 1 node(s).</p>"));
        Assert.That(dom, Does.Contain("<tr><td>on</td><td>gpu-03</td><td>12</td><td>2026-05-28 20:24:40Z</td><td>2026-05-28 20:26:35Z</td><td>yes</td></tr>"));
        Assert.That(dom, Does.Contain("<tr><td>on</td><td>wn1</td><td>7, 8</td><td>2026-05-28 19:26:40Z</td><td>2026-05-28 19:36:40Z</td><td>no</td></tr>"),
            "an earlier decision the daemon no longer takes");
        Assert.That(dom, Does.Contain("<td>dry-run: would power on gpu-03 for it; dry run (DRY_RUN), so it stays waiting</td>"), "the request's why");
    }

    [Test, CancelAfter(120000)]
    public async Task StatusPage_Groups_EachAgainstItsBoundsEachNodeWithItsGroupAndTheHeldBackRequest(CancellationToken ct)
    {
        var dom = await HeadlessChromium.RunAsync(_folder, _page, ct, "--dump-dom");

        Assert.That(dom, Does.Contain("<div id=\"groups-box\">"), "shown");
        Assert.That(dom, Does.Contain("<tr class=\"at-bound\"><td>gpu</td><td class=\"num\">4</td><td class=\"num\">2</td><td class=\"num\">0</td>"
            + "<td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">2</td><td class=\"num\">1</td><td>at MAX_ON</td></tr>"),
            "2 of MAX_ON 2 on: at its bound");
        Assert.That(dom, Does.Contain("<tr class=\"at-bound\"><td>svc</td><td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">1</td>"
            + "<td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">-</td><td class=\"num\">-</td><td>below MIN_ON</td></tr>"),
            "1 booting of MIN_ON 2; no caps");
        Assert.That(dom, Does.Contain("<td>gpu-01</td><td>gpu</td><td>idle</td>").And.Contain("<td>wn1</td><td></td><td>off</td>"), "each node's group");
        Assert.That(dom, Does.Contain($"<tr class=\"held\"><td class=\"num\">13</td><td>blocked</td>"), "the held-back request stands out");
        Assert.That(dom, Does.Contain($"<td>{HeldBack}</td>"), "and says why");
    }

    [Test, CancelAfter(120000)]
    public async Task StatusPage_Screenshot_TheDryRunBannerIsOnScreenAtTheTop(CancellationToken ct)
    {
        var png = Path.Combine(_folder, "dry-run.png");

        await HeadlessChromium.RunAsync(_folder, _page, ct, "--screenshot=" + png);

        var kept = Path.Combine(TestContext.CurrentContext.WorkDirectory, "status-page-dry-run-groups.png");
        File.Copy(png, kept, overwrite: true);
        TestContext.AddTestAttachment(kept, "the status page of a dry run with node groups");
        var image = PngImage.Load(png);
        int Count((int, int, int) colour, int rows)
        {
            var n = 0;
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    n += image[x, y] == colour ? 1 : 0;
                }
            }
            return n;
        }
        // The banner's orange frame and background in the first screenful, above the tables.
        Assert.That(Count((0xe6, 0x51, 0x00), 300), Is.GreaterThan(1000), "the banner's frame");
        Assert.That(Count((0xff, 0xf3, 0xe0), 300), Is.GreaterThan(20000), "the banner's background");
    }

    [Test, CancelAfter(120000)]
    public async Task StatusPage_NodeAndGroupNamesWithMarkup_ShownAsText(CancellationToken ct)
    {
        var dom = await HeadlessChromium.RunAsync(_folder, _page, ct, "--dump-dom");

        Assert.That(dom, Does.Contain("<title>CLUES status</title>"), "no handler ran");
        Assert.That(dom, Does.Not.Contain("<img").And.Not.Contain("<b id="), "no element was made of a name (as text they start with &lt;)");
        var node = "&lt;img id=\"pwned-node\" src=\"x\" onerror=\"document.title='pwned'\"&gt;";
        var group = "&lt;b id=\"pwned-group\" onclick=\"x()\"&gt;gpu&lt;/b&gt;";
        Assert.That(Regex.Matches(dom, Regex.Escape($"<td>{node}</td>")).Count, Is.EqualTo(2), "its node row and its would-be power-off");
        Assert.That(dom, Does.Contain($"<td>{node}</td><td>{group}</td><td>idle</td>"), "the node's group on its row");
        Assert.That(dom, Does.Contain($"<tr><td>{group}</td><td class=\"num\">1</td>"), "the group's own row");
    }
}
