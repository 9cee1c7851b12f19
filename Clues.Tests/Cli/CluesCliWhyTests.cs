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

/// <summary><c>clues status --why</c>: CLUES' table unchanged, then one explanation per node and per queued request.</summary>
[TestFixture]
public sealed class CluesCliWhyTests
{
    private const string Secret = "s3cret";

    private static async Task<(int Code, string Out, string Err)> RunAsync(Uri server, params string[] args)
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
