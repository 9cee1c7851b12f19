using System.Text;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Plugins.OpenNebula;
using Clues.Plugins.OpenNebula.Api;
using Clues.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Plugins.OpenNebula;

/// <summary>
/// <c>cluesplugins.one</c> as LRMS against <see cref="FakeOneApi"/>: hosts and VMs read from bodies shaped like
/// OpenNebula's, and every kind of failure is a monitoring failure (an exception), never an empty cluster.
/// </summary>
[TestFixture]
public sealed class OneLrmsPluginTests
{
    private FakeOneApi _api = null!;

    internal static string TestData(string file) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "Clues.Tests", "Plugins", "OpenNebula", "TestData", file));

    [SetUp]
    public async Task SetUp() => _api = await FakeOneApi.StartAsync();

    [TearDown]
    public async Task TearDown() => await _api.DisposeAsync();

    internal static CluesConfig Config(FakeOneApi api, params (string Key, string Value)[] settings)
    {
        var config = new CluesConfig();
        config.Set(OneLrmsOptions.Section, "ONE_XMLRPC", api.Endpoint.ToString());
        foreach (var (key, value) in settings)
        {
            config.Set(OneLrmsOptions.Section, key, value);
        }
        return config;
    }

    private static OneLrmsPlugin Plugin(FakeOneApi api, TimeProvider? time = null, long maxResponseBytes = 256L << 20)
    {
        var connection = new OneConnection(api.Endpoint, "clues:cluespass", TimeSpan.FromSeconds(5)) { MaxResponseBytes = maxResponseBytes };
        return new OneLrmsPlugin(new OneClient(new HttpClient(), connection, time ?? TimeProvider.System));
    }

    [Test]
    public async Task Hosts_AreNodesInOpenNebulaUnits_WithStatesAndKeywords()
    {
        _api.HostPool = TestData("hostpool.xml");
        using var plugin = new OneLrmsPlugin(Config(_api), TimeProvider.System);

        var nodes = await plugin.GetNodesAsync(CancellationToken.None);

        Assert.That(nodes.Select(n => n.Name), Is.EqualTo(new[] { "server", "node01", "node02", "node03" }));
        var server = nodes[0];
        Assert.That((server.SlotsCount, server.SlotsFree, server.MemoryTotal, server.MemoryFree, server.State),
            Is.EqualTo((800.0, 800.0, 32610608.0, 32610608.0, NodeState.Idle)));
        Assert.That(server.Keywords["HYPERVISOR"], Is.EqualTo(KeywordValue.FromString("kvm")));
        Assert.That(server.Keywords["HOSTNAME"], Is.EqualTo(KeywordValue.FromString("pc-ruben")));
        Assert.That(server.Keywords["CPUSPEED"], Is.EqualTo(KeywordValue.FromNumber(3350)));
        Assert.That(server.Keywords["MAX_CPU"], Is.EqualTo(KeywordValue.FromNumber(800)));
        Assert.That(server.Keywords["RUNNING_VMS"], Is.EqualTo(KeywordValue.FromNumber(0)));
        Assert.That(server.Keywords["RESERVED_CPU"], Is.EqualTo(KeywordValue.FromString("")));
        Assert.That(server.Keywords.ContainsKey("KVM_CPU_MODEL"), Is.False, "only the TEMPLATE fields CLUES reads become keywords");

        var used = nodes[1];
        Assert.That((used.SlotsCount, used.SlotsFree, used.MemoryTotal, used.MemoryFree, used.State),
            Is.EqualTo((400.0, 300.0, 7654321.0, 7654321.0 - 1048576, NodeState.Used)));
        Assert.That(used.Keywords["NETRX"], Is.EqualTo(KeywordValue.FromNumber(63713)));

        var error = nodes[2];
        Assert.That((error.SlotsCount, error.MemoryTotal, error.State), Is.EqualTo((-1.0, -1.0, NodeState.Off)),
            "a host in ERROR with no capacity can hold anything once up");
        Assert.That(error.Keywords["ERROR"].Text, Does.Contain("No route to host"));

        Assert.That(nodes[3].State, Is.EqualTo(NodeState.Off), "FIX: an OFFLINE host is off (CLUES reported it idle)");
        Assert.That(plugin.Id, Is.EqualTo("ONE_" + _api.Endpoint.ToString()));
    }

    [Test]
    public async Task Vms_AreJobs_PendingUntilPlacedOnTheirLastHost()
    {
        _api.HostPool = TestData("hostpool.xml");
        using var plugin = Plugin(_api);
        _api.VmPool = TestData("vmpool.xml");

        var jobs = await plugin.GetJobsAsync(CancellationToken.None);

        Assert.That(jobs, Has.Count.EqualTo(2));
        Assert.That((jobs[0].JobId, jobs[0].State, jobs[0].Resources.Slots, jobs[0].Resources.Memory), Is.EqualTo(("13", RequestState.Attended, 100.0, 1048576.0)));
        Assert.That(jobs[0].NodeIds, Is.EqualTo(new[] { "node01" }), "the host of the history record with the highest SEQ");
        Assert.That((jobs[1].JobId, jobs[1].State, jobs[1].Resources.Slots, jobs[1].Resources.Memory), Is.EqualTo(("14", RequestState.Pending, 50.0, 2097152.0)));
        Assert.That(jobs[1].NodeIds, Is.Empty);
    }

    [Test]
    public async Task EmptyHostPool_IsAnEmptyCluster()
    {
        using var plugin = Plugin(_api);

        Assert.That(await plugin.GetNodesAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public void WrongSession_RefusedByOpenNebula_IsAMonitoringFailureNamingAuthentication()
    {
        _api.HostPool = TestData("hostpool.xml");
        _api.Session = "clues:other";
        using var plugin = Plugin(_api);

        var nodes = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;
        var jobs = Assert.ThrowsAsync<OneApiException>(() => plugin.GetJobsAsync(CancellationToken.None))!;

        Assert.That(nodes.Message, Does.Contain("refused one.hostpool.info: [one.hostpool.info] User couldn't be authenticated"));
        Assert.That(nodes.Message, Does.Contain("error 256, authentication"));
        Assert.That(nodes.ErrorCode, Is.EqualTo(256));
        Assert.That(jobs.Message, Does.Contain("refused one.vmpool.info"), "FIX: a failed VM list is a failure, not an empty job list");
    }

    [Test]
    public void Http500_IsAMonitoringFailure()
    {
        _api.Fault = async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("boom");
            return true;
        };
        using var plugin = Plugin(_api);

        var ex = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain("failed one.hostpool.info").And.Contain("HTTP 500"));
    }

    [Test]
    public void XmlRpcFault_IsAMonitoringFailure()
    {
        _api.Fault = async context =>
        {
            await context.Response.WriteAsync(Clues.Core.Api.XmlRpc.XmlRpcWriter.Fault(-32601, "requested method not found"));
            return true;
        };
        using var plugin = Plugin(_api);

        var ex = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain("answered one.hostpool.info with fault -32601: requested method not found"));
    }

    [Test, CancelAfter(60_000)]
    public async Task ServerThatNeverAnswers_TimesOutOnThePluginClock(CancellationToken ct)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.Fault = async context =>
        {
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        using var plugin = Plugin(_api, time);

        var call = plugin.GetNodesAsync(ct);
        await received.Task.WaitAsync(ct);
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = Assert.ThrowsAsync<OneApiException>(() => call)!;
        Assert.That(ex.Message, Does.Contain("did not answer one.hostpool.info within 5 s"));
    }

    [TestCase("<HOST_POOL><HOST><ID>0</ID>", "malformed XML")]
    [TestCase("<VM_POOL/>", "expected a <HOST_POOL> document, found <VM_POOL>")]
    [TestCase("<HOST_POOL><HOST><ID>0</ID><NAME>h</NAME><STATE>up</STATE></HOST></HOST_POOL>", "host h: <STATE> is 'up', not an integer")]
    [TestCase("<HOST_POOL><HOST><ID>0</ID><STATE>2</STATE></HOST></HOST_POOL>", "a HOST without a NAME")]
    [TestCase("<!DOCTYPE HOST_POOL [<!ENTITY x \"y\">]><HOST_POOL/>", "malformed XML")]
    public void MalformedHostPool_IsAMonitoringFailureSayingWhatIsWrong(string pool, string expected)
    {
        _api.HostPool = pool;
        using var plugin = Plugin(_api);

        var ex = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain(expected));
    }

    [Test]
    public void HostListedTwice_IsAMonitoringFailure()
    {
        _api.HostPool = "<HOST_POOL><HOST><ID>0</ID><NAME>h</NAME><STATE>2</STATE></HOST><HOST><ID>1</ID><NAME>h</NAME><STATE>2</STATE></HOST></HOST_POOL>";
        using var plugin = Plugin(_api);

        Assert.That(() => plugin.GetNodesAsync(CancellationToken.None), Throws.TypeOf<OneApiException>().With.Message.Contains("lists host h twice"));
    }

    [TestCase("<methodResponse><params><param><value><array><data>", "malformed XML-RPC message")]
    [TestCase("<methodResponse><params><param><value><string>hi</string></value></param></params></methodResponse>", "with string instead of [success, value, code]")]
    [TestCase("not xml at all", "malformed XML-RPC message")]
    public void MalformedXmlRpcAnswer_IsAMonitoringFailure(string body, string expected)
    {
        _api.Fault = async context =>
        {
            await context.Response.WriteAsync(body);
            return true;
        };
        using var plugin = Plugin(_api);

        var ex = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain(expected));
    }

    [Test]
    public void DeeplyNestedPoolDocument_IsRefusedBeforeAnyTreeIsBuilt()
    {
        const int depth = 100_000;
        _api.HostPool = "<HOST_POOL>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</HOST_POOL>";
        using var plugin = Plugin(_api);

        var ex = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain("nested deeper than 64 levels"));
    }

    [Test]
    public void DeeplyNestedXmlRpcAnswer_IsRefusedByTheCodec()
    {
        _api.Fault = async context =>
        {
            var nested = string.Concat(Enumerable.Repeat("<value><array><data>", 10_000));
            await context.Response.WriteAsync("<methodResponse><params><param>" + nested);
            return true;
        };
        using var plugin = Plugin(_api);

        Assert.That(() => plugin.GetNodesAsync(CancellationToken.None), Throws.TypeOf<OneApiException>().With.Message.Contains("nested deeper than"));
    }

    [Test]
    public void HugeAnswer_IsRefusedOnceItPassesTheLimit_WithoutBufferingItAll()
    {
        var sent = 0L;
        _api.Fault = async context =>
        {
            // Chunked (no Content-Length), 64 MB unless the client stops reading first.
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1 << 16));
            try
            {
                for (var i = 0; i < 1024; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    sent += chunk.Length;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // the client hung up
            }
            return true;
        };
        using var plugin = Plugin(_api, maxResponseBytes: 1 << 20);

        var ex = Assert.ThrowsAsync<OneApiException>(() => plugin.GetNodesAsync(CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain("is larger than 1048576 bytes"));
    }

    [Test]
    public void ConfigurationErrors_NameTheKey()
    {
        var config = Config(_api, ("ONE_AUTH", "nocolon"), ("ONE_XMLRPC_TIMEOUT", "0"), ("ONE_XMLRPC", "ftp://x"));

        var ex = Assert.Throws<ConfigException>(() => _ = new OneLrmsPlugin(config, TimeProvider.System))!;

        Assert.That(ex.Message, Does.Contain("ONE_AUTH").And.Contain("user:password"));
        Assert.That(ex.Message, Does.Contain("ONE_XMLRPC_TIMEOUT"));
        Assert.That(ex.Message, Does.Contain("ONE_XMLRPC").And.Contain("http://"));
    }
}
