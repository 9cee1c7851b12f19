using Clues.Cli;
using Clues.Cli.Config;
using Clues.Core.Api;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Tests.Api;
using Clues.Tests.Host.Server;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Cli;

/// <summary>The CLI against a real in-process server over loopback, for every operation and its error paths.</summary>
[TestFixture]
public sealed class CluesCliTests
{
    private const string Secret = "s3cret";

    private static async Task<(int Code, string Out, string Err)> RunAsync(Uri? server, string secret, params string[] args)
    {
        var loader = new Mock<IClientConfigLoader>();
        loader.Setup(l => l.Load(It.IsAny<string?>())).Returns(new ClientOptions
        {
            XmlRpcUrl = server?.ToString() ?? "http://127.0.0.1:1/RPC2",
            SecretToken = secret,
            LogFile = "/nonexistent-dir/clues2-cli.log",
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await new CluesCli(loader.Object, stdout, stderr, TimeProvider.System).RunAsync(args, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<(int Code, string Out, string Err)> RunAgainstExampleAsync(params string[] args)
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        harness.Control.Pending.Add(8);
        return await RunAsync(harness.XmlRpcUrl, Secret, args);
    }

    [TestCase("-h")]
    [TestCase("--help")]
    [CancelAfter(10000)]
    public async Task Help_NoServer_PrintsHelpAndExits0(string flag)
    {
        var (code, output, _) = await RunAsync(null, Secret, flag);

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("The CLUES command line utility\n\nUsage: clues [-h] [status|resetstate|"));
        Assert.That(output, Does.EndWith("\t  Usage: req_get [id]\n\t\t[id] - Only this request\n\n\n"));
    }

    [TestCase(new string[0], "No operation was stated\n")]
    [TestCase(new[] { "foo" }, "Error: could not recognise parameters 'foo'\n")]
    [TestCase(new[] { "poweron" }, "Error: missing mandatory argument 'nodes' for 'poweron'\n")]
    [TestCase(new[] { "status", "extra" }, "Error: could not recognise parameters 'extra'\n")]
    [TestCase(new[] { "req_create", "-c", "x", "-m", "1" }, "Error: parameter 'x' for '--cpu' expected to be float, missing mandatory argument '--cpu' for 'req_create', missing mandatory argument '--memory' for 'req_create'\n")]
    [TestCase(new[] { "req_wait", "x" }, "Error: parameter 'x' for 'id' expected to be integer, could not recognise parameters '', missing mandatory argument 'id' for 'req_wait'\n")]
    [TestCase(new[] { "req_create", "-c" }, "Error: Not enough values for parameter '--cpu', missing mandatory argument '--cpu' for 'req_create', missing mandatory argument '--memory' for 'req_create'\n")]
    [CancelAfter(10000)]
    public async Task ParseError_NoServer_PrintsCluesMessageAndExits255(string[] args, string expected)
    {
        var (code, output, _) = await RunAsync(null, Secret, args);

        Assert.That((code, output), Is.EqualTo((255, expected)));
    }

    [Test, CancelAfter(20000)]
    public async Task AnyOperation_ServerUnreachable_PrintsCluesMessageAndExits1()
    {
        var (code, output, _) = await RunAsync(null, Secret, "status");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.EqualTo("Could not connect to CLUES server http://127.0.0.1:1/RPC2 (please, check if it is running)\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task Status_ExampleNodes_PrintsTableWithExtraNewline()
    {
        var (code, output, _) = await RunAgainstExampleAsync("status");

        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("node                          state").And.EndWith("2,2048     \n\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task Status_WrongSecret_PrintsCouldNotGetStatusAndExits255()
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());

        var (code, output, _) = await RunAsync(harness.XmlRpcUrl, "wrong", "status");

        Assert.That(code, Is.EqualTo(255));
        Assert.That(output, Is.EqualTo("Could not get the status of CLUES (Error checking the secret key. Please check the configuration file and the CLUES_SECRET_TOKEN setting)\n"));
    }

    [TestCase(new[] { "resetstate", "wn01", "wn02" }, 0, "Node wn01 reset to idle\nNode wn02 reset to idle\n")]
    [TestCase(new[] { "resetstate", "wn01", "bad" }, 255, "Node wn01 reset to idle\ncould not reset the node bad (Node is not managed by CLUES)\n")]
    [TestCase(new[] { "enable", "wn01" }, 0, "node wn01 successfully enabled\n")]
    [TestCase(new[] { "enable", "bad", "wn01" }, 255, "could not enable node bad (Node bad does not exist)\nnode wn01 successfully enabled\n")]
    [TestCase(new[] { "disable", "wn01", "wn02" }, 0, "node wn01 successfully disabled\nnode wn02 successfully disabled\n")]
    [TestCase(new[] { "poweron", "wn01", "bad" }, 255, "node wn01 powered on\nnode bad could not be powered on (could not power on the node bad)\n")]
    [TestCase(new[] { "poweroff", "wn02" }, 0, "node wn02 powered off\n")]
    [TestCase(new[] { "poweroff", "bad" }, 255, "node bad could not be powered off (could not power off the node bad)\n")]
    [TestCase(new[] { "nodeinfo", "bad" }, 255, "could not get info of the node bad (node is not managed by CLUES)\n")]
    [TestCase(new[] { "shownode", "bad" }, 255, "could not get the description of node bad (node is not managed by CLUES)\n")]
    [TestCase(new[] { "req_create", "-c", "1", "-m", "1024" }, 0, "1\n")]
    [TestCase(new[] { "req_create", "-c", "1", "-m", "1024", "-n", "0" }, 255, "request could not be created (request_create(): argument 'taskcount' must be an integer >= 1, got 0)\n")]
    [TestCase(new[] { "req_create", "-c", "1", "-m", "1024", "-r", "((((((" }, 255, "request could not be created (request_create(): argument 'request_string' is not a valid requirement: syntax error at position 7: unexpected end of the requirement, expected ')')\n")]
    [TestCase(new[] { "req_wait", "7" }, 0, "request 7 is not currently in the queue\n")]
    [TestCase(new[] { "req_wait", "8", "1" }, 0, "request 8 is still pending\n")]
    [TestCase(new[] { "req_get" }, 0, "no request is waiting in the queue\n")]
    [CancelAfter(20000)]
    public async Task Operation_AgainstServer_PrintsCluesMessagesAndExitCode(string[] args, int expectedCode, string expectedOutput)
    {
        var (code, output, _) = await RunAgainstExampleAsync(args);

        Assert.That((code, output), Is.EqualTo((expectedCode, expectedOutput)));
    }

    [Test, CancelAfter(20000)]
    public async Task NodeInfo_KeywordAndXmlForms_PrintDescriptions()
    {
        var (_, keyword, _) = await RunAgainstExampleAsync("nodeinfo", "wn02");
        var (_, xml, _) = await RunAgainstExampleAsync("nodeinfo", "-x", "wn02");

        Assert.That(keyword, Does.StartWith("name=wn02;slots_count=2;slots_free=1;"));
        Assert.That(xml, Does.StartWith("<node><name>wn02</name>"));
    }

    [Test, CancelAfter(20000)]
    public async Task ShowNode_Known_PrintsHumanForm()
    {
        var (code, output, _) = await RunAgainstExampleAsync("shownode", "wn02");

        Assert.That(code, Is.Zero);
        Assert.That(output, Is.EqualTo("Name: wn02\nEnabled: Yes\nState: used\nTime got current state: 96339.0\nSlots (free/total): 1/2\n"
            + "Memory (free/total): 1024/2048\nTimes that failed power (on/off): 0/0\nKeywords: hostname=\"wn02\";\n"));
    }

    [Test, CancelAfter(20000)]
    public async Task ReqCreate_WithRequestAndCount_SendsCountTwiceAndExpression()
    {
        await using var harness = await ApiServerHarness.StartAsync(new FakeCluesControl());

        var (code, _, _) = await RunAsync(harness.XmlRpcUrl, Secret, "req_create", "--cpu", "0.5", "-m", "2048", "-n", "3", "-r", "hostname==\"a\"");

        Assert.That(code, Is.Zero);
        var (resources, _, _) = harness.Control.Created.Single();
        Assert.That(resources, Is.EqualTo(new Resources(0.5, 2048, resources.Expressions, 3, 3)));
        Assert.That(resources.Expressions, Is.EqualTo(new[] { "hostname==\"a\"" }));
    }

    [Test, CancelAfter(20000)]
    public async Task Json_PerNodeOperation_PrintsOneDocument()
    {
        var (code, output, _) = await RunAgainstExampleAsync("--json", "poweron", "wn01", "bad");

        using var document = System.Text.Json.JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.That(code, Is.EqualTo(255));
        Assert.That(root.GetProperty("operation").GetString(), Is.EqualTo("poweron"));
        Assert.That(root.GetProperty("success").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("results")[1].GetProperty("target").GetString(), Is.EqualTo("bad"));
    }

    [Test, CancelAfter(20000)]
    public async Task Json_ReqCreate_CarriesIdAsNumber()
    {
        var (_, output, _) = await RunAgainstExampleAsync("req_create", "-c", "1", "-m", "1", "--json");

        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(document.RootElement.GetProperty("results")[0].GetProperty("value").GetInt64(), Is.EqualTo(1));
    }

    [Test, CancelAfter(20000)]
    public async Task Config_MissingExplicitFile_ExitsWithError()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await new CluesCli(new ClientConfigLoader([]), stdout, stderr, TimeProvider.System)
            .RunAsync(["--config", "/nonexistent/clues2.cfg", "status"], CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain("/nonexistent/clues2.cfg"));
    }

    [Test, CancelAfter(20000)]
    public async Task ReqGet_WithAndWithoutAnId_TheQueueOrOneRequest()
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        harness.Control.Requests.Add(new RequestSnapshot { Id = 4, Resources = new Resources(1, 0, [""], 1, 1), TimestampState = 5 });
        harness.Control.Requests.Add(new RequestSnapshot { Id = 41, Resources = new Resources(1.5, 0, [""], 2, 1), TimestampState = 6 });

        var all = await RunAsync(harness.XmlRpcUrl, Secret, "req_get");
        var one = await RunAsync(harness.XmlRpcUrl, Secret, "req_get", "4");
        var gone = await RunAsync(harness.XmlRpcUrl, Secret, "req_get", "5");

        Assert.That(all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..13]), Is.EqualTo(new[] { "[REQUEST 4] s", "[REQUEST 41] " }));
        Assert.That((one.Code, one.Out), Is.EqualTo((0, all.Out.Split('\n')[0] + "\n")), "request 4 only, not 41");
        Assert.That((gone.Code, gone.Out), Is.EqualTo((255, "request 5 is not in the queue (it was served or discarded, or it never existed)\n")));
    }

    [Test, CancelAfter(20000)]
    public async Task SecretRefused_NoConfigurationFound_SaysWhereItLookedAndThatDefaultsWereUsed()
    {
        await using var harness = await ApiServerHarness.StartAsync(FakeCluesControl.WithExampleNodes());
        var nowhere = Directory.CreateTempSubdirectory("clues-cli-noconfig-").FullName;
        var loader = new ClientConfigLoader([nowhere]);
        var options = loader.Load(null);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var mock = new Mock<IClientConfigLoader>();
        // The defaults, but pointed at the test server: its secret is not the empty default one.
        options.XmlRpcUrl = harness.XmlRpcUrl.ToString();
        mock.Setup(l => l.Load(null)).Returns(options);

        var code = await new CluesCli(mock.Object, stdout, stderr, TimeProvider.System).RunAsync(["status"], CancellationToken.None);

        Assert.That(code, Is.EqualTo(255));
        Assert.That(stdout.ToString(), Does.Contain("Error checking the secret key"));
        Assert.That(stderr.ToString(), Does.Contain($"Note: no configuration file found (looked for clues2.cfg in {nowhere})")
            .And.Contain("the defaults were used").And.Contain("--config FILE"));
    }

    [Test]
    public void Origin_FileFound_NamesTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("clues-cli-config-").FullName;
        File.WriteAllText(Path.Combine(dir, "clues2.cfg"), "[client]\nCLUES_SECRET_TOKEN=x\n");

        var options = new ClientConfigLoader([dir]).Load(null);

        Assert.That(options.Origin, Is.EqualTo("settings read from " + Path.Combine(dir, "clues2.cfg")));
    }
}
