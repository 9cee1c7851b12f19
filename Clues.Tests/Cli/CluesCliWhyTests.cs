using Clues.Cli;
using Clues.Cli.Config;
using Clues.Core.Api;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Tests.Api;
using Clues.Tests.Common;
using Clues.Tests.Host.Server;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Cli;

/// <summary>
/// What <c>clues</c> adds from clues-host's JSON API: <c>status --why</c> (CLUES' table unchanged, then one explanation
/// per node and per queued request) and the nodes or requests as data in <c>status</c>/<c>req_get --json</c>.
/// </summary>
[TestFixture]
public sealed class CluesCliWhyTests
{
    private const string Secret = "s3cret";

    /// <summary>Runs the CLI against <paramref name="server"/> with the test secret; also used by <see cref="CluesCliJobStateTests"/>.</summary>
    internal static async Task<(int Code, string Out, string Err)> RunAsync(Uri server, params string[] args)
    {
        var loader = new Mock<IClientConfigLoader>();
        loader.Setup(l => l.Load(It.IsAny<string?>())).Returns(new ClientOptions
        {
            XmlRpcUrl = server.ToString(),
            SecretToken = Secret,
            LogFile = "",
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await new CluesCli(loader.Object, stdout, stderr, TimeProvider.System).RunAsync(args, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static FakeCluesControl ControlWithReasons()
    {
        var control = FakeCluesControl.WithExampleNodes();
        control.Nodes[0] = control.Nodes[0] with { Why = "busy: running work: 1 of 2 slots in use" };
        control.Requests.Add(new RequestSnapshot
        {
            Id = 8, Resources = new Resources(1, 1024), State = RequestState.Blocked,
            Why = "no-capacity-now: 1 task(s) of 1 slot(s) and 1024 memory, at most 1 per node: not enough free capacity",
        });
        control.Requests.Add(new RequestSnapshot { Id = 9, Resources = new Resources(1, 1), State = RequestState.Served });
        return control;
    }

    [Test, CancelAfter(20000)]
    public async Task StatusWhy_Reasons_PrintsTheTableThenOneLinePerNodeAndRequest()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithReasons(), Secret);
        var (_, table, _) = await RunAsync(harness.XmlRpcUrl, "status");

        var (code, output, error) = await RunAsync(harness.XmlRpcUrl, "status", "--why");

        Assert.That((code, error), Is.EqualTo((0, "")));
        Assert.That(output, Is.EqualTo(table
            + "node / request             why\n" + new string('-', 95) + "\n"
            + "wn01                       -\n"
            + "wn02                       busy: running work: 1 of 2 slots in use\n"
            + "request 8                  no-capacity-now: 1 task(s) of 1 slot(s) and 1024 memory, at most 1 per node: not enough free capacity\n"
            + "request 9                  served: not waiting\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task Status_WithoutWhy_PrintsOnlyCluesTable()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithReasons(), Secret);

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, "status");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Not.Contain("why").And.EndWith("2,2048     \n\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task StatusJson_ClueshostServer_HasTheTableAndTheNodesAsData()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithReasons(), Secret);
        var (_, table, _) = await RunAsync(harness.XmlRpcUrl, "status");

        var (code, output, error) = await RunAsync(harness.XmlRpcUrl, "status", "--json");

        Assert.That((code, error), Is.EqualTo((0, "")));
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("results")[0].GetProperty("message").GetString() + "\n", Is.EqualTo(table));
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.That(nodes.Select(n => n.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "wn01", "wn02" }));
        Assert.That(nodes.Single(n => n.GetProperty("name").GetString() == "wn02").GetProperty("why").GetString(),
            Is.EqualTo("busy: running work: 1 of 2 slots in use"));
        Assert.That(root.TryGetProperty("requests", out _), Is.False);
    }

    [Test, CancelAfter(20000)]
    public async Task ReqGetJson_ClueshostServer_HasTheRequestsAsData()
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithReasons(), Secret);

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, "req_get", "--json");

        Assert.That(code, Is.Zero);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var requests = document.RootElement.GetProperty("requests").EnumerateArray().ToList();
        Assert.That(requests.Select(r => r.GetProperty("id").GetInt64()), Is.EqualTo(new[] { 8L, 9L }));
        Assert.That(requests[0].GetProperty("state").GetString(), Is.EqualTo("blocked"));
        Assert.That(document.RootElement.TryGetProperty("nodes", out _), Is.False);
    }

    [Test, CancelAfter(20000)]
    public async Task StatusJson_ServerWithoutJsonApi_TableOnlyAndANoteOnStandardError()
    {
        // CLUES' own server answers XML-RPC on / and nothing else.
        using var listener = new System.Net.HttpListener();
        var port = LoopbackPort.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is System.Net.HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }
                var xmlRpc = context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath is "/" or "/RPC2";
                context.Response.StatusCode = xmlRpc ? 200 : 404;
                var body = xmlRpc
                    ? "<?xml version='1.0'?><methodResponse><params><param><value><array><data><value><boolean>1</boolean></value>"
                      + "<value><string>node state\nwn01 off</string></value></data></array></value></param></params></methodResponse>"
                    : "not found";
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });

        var (code, output, error) = await RunAsync(new Uri($"http://127.0.0.1:{port}/"), "status", "--json");
        listener.Stop();
        await serving;

        Assert.That(code, Is.Zero);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(document.RootElement.GetProperty("results")[0].GetProperty("message").GetString(), Is.EqualTo("node state\nwn01 off"));
        Assert.That(document.RootElement.TryGetProperty("nodes", out _), Is.False);
        Assert.That(error, Does.StartWith("Note: no structured data from http://127.0.0.1:" + port + "/api/nodes (/api/nodes answered HTTP 404)"));
    }

    [TestCase("req_get")]
    [TestCase("status", "--json")]
    [CancelAfter(20000)]
    public async Task Why_OtherThanPlainStatus_IsAnError(params string[] args)
    {
        await using var harness = await ApiServerHarness.StartAsync(ControlWithReasons(), Secret);

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, [.. args, "--why"]);

        Assert.That(code, Is.EqualTo(255));
        Assert.That(output, Does.StartWith("Error: --why only applies to status"));
    }
}
