using System.Net;
using System.Net.Sockets;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.OneWrapper;
using Clues.Plugins.OpenNebula.Api;
using Clues.Tests.Api;
using Clues.Tests.Common;
using Clues.Tests.Plugins.OpenNebula;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.OneWrapper;

/// <summary>
/// <c>clues-one-wrapper</c> between the OpenNebula server in the test process and CLUES' real XML-RPC service (over a
/// scripted daemon): the VM is held, announced with its id, released; CLUES down or hanging never keeps it waiting;
/// a VM left on hold is an exit code; hostile arguments are refused. Two tests run the real program.
/// </summary>
[TestFixture]
public sealed class OneWrapperTests
{
    private const string Secret = "s3cret";
    private FakeOneApi _one = null!;
    private string _work = "";

    [SetUp]
    public async Task SetUp()
    {
        _one = await FakeOneApi.StartAsync();
        _work = Path.Combine(Path.GetTempPath(), "clues-one-wrapper-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_work);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _one.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>The base64 VM document OpenNebula passes as <c>$TEMPLATE</c>.</summary>
    private static string Encoded(FakeVm vm) => Convert.ToBase64String(Encoding.UTF8.GetBytes(vm.ToXml()));

    private OneWrapperOptions Options(Uri? clues, double waitSeconds = 30) => new()
    {
        CluesEndpoint = clues,
        Secret = Secret,
        AnnounceTimeout = TimeSpan.FromSeconds(5),
        RequestWaitTimeout = TimeSpan.FromSeconds(waitSeconds),
        One = new OneConnection(_one.Endpoint, "clues:cluespass", TimeSpan.FromSeconds(10)),
    };

    private static async Task<(int Exit, string Output)> RunAsync(OneWrapperOptions options, string encoded)
    {
        using var handler = new SocketsHttpHandler();
        using var output = new StringWriter();
        var exit = await new Clues.OneWrapper.OneWrapper(options, handler, output, TimeProvider.System).RunAsync(encoded, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Test, CancelAfter(60_000)]
    public async Task Vm_IsHeld_AnnouncedWithItsIdAndResources_AndReleasedOnceServed()
    {
        await using var clues = await CluesServer.StartAsync(Secret);
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");
        clues.Control.Pending.Add(1);
        // CLUES serves the request once the hook has asked twice whether it was served (a condition, not a delay).
        _ = Task.Run(async () =>
        {
            while (clues.Control.Calls.Count(c => c.StartsWith("wait 1 ", StringComparison.Ordinal)) < 2)
            {
                await Task.Delay(50);
            }
            clues.Control.Release(1);
        });

        var (exit, output) = await RunAsync(Options(clues.Endpoint), Encoded(vm));

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.Done), output);
        Assert.That(output, Is.Empty);
        var created = clues.Control.Created.Single();
        Assert.That((created.Resources.Slots, created.Resources.Memory, created.Resources.TaskCount, created.JobId),
            Is.EqualTo((100.0, 512.0 * 1024, 1, vm.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))), "CPU × 100, MEMORY × 1024, linked to the VM");
        Assert.That(clues.Control.Calls.Count(c => c.StartsWith("wait 1 ", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
        Assert.That(_one.Calls, Is.EqualTo(new[] { $"one.vm.action hold {vm.Id}", $"one.vm.action release {vm.Id}" }));
        Assert.That(_one.Vm(vm.Id).State, Is.EqualTo(FakeVm.Pending));
    }

    [Test, CancelAfter(60_000)]
    public async Task RequestRefusedByClues_VmReleasedAnyway()
    {
        await using var clues = await CluesServer.StartAsync("another secret");
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");

        var (exit, output) = await RunAsync(Options(clues.Endpoint), Encoded(vm));

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.Done));
        Assert.That(output, Does.Contain($"could not announce VM {vm.Id}").And.Contain("CLUES refused the request"));
        Assert.That(_one.Calls, Is.EqualTo(new[] { $"one.vm.action hold {vm.Id}", $"one.vm.action release {vm.Id}" }),
            "FIX: CLUES' hook left the VM on hold for good");
    }

    [Test, CancelAfter(60_000)]
    public async Task RequestNeverServed_VmReleasedAfterTheWaitTimeout()
    {
        await using var clues = await CluesServer.StartAsync(Secret);
        clues.Control.Pending.Add(1);
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");

        var (exit, output) = await RunAsync(Options(clues.Endpoint, waitSeconds: 2), Encoded(vm));

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.Done));
        Assert.That(output, Does.Contain("CLUES request 1 of VM 0 not served within 2 s ([client] CLUES_REQUEST_WAIT_TIMEOUT); releasing the VM anyway"));
        Assert.That(_one.Calls.Last(), Is.EqualTo($"one.vm.action release {vm.Id}"));
    }

    [Test, CancelAfter(60_000)]
    public async Task CluesHanging_VmUntouched_WithinTheAnnounceTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections and never answers
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");
        var options = Options(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/RPC2")) with { AnnounceTimeout = TimeSpan.FromSeconds(1) };

        var (exit, output) = await RunAsync(options, Encoded(vm));

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.Done));
        Assert.That(output, Does.Contain("does not answer").And.Contain("did not answer version within 1 s").And.Contain($"VM {vm.Id} is left to OpenNebula"));
        Assert.That(_one.Calls, Is.Empty);
    }

    [Test, CancelAfter(60_000)]
    public async Task ReleaseRefused_ExitCodeSaysTheVmMayStillBeOnHold()
    {
        await using var clues = await CluesServer.StartAsync(Secret);
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");
        _one.Fault = async context =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
            context.Request.Body.Position = 0;
            if (!body.Contains("<string>release</string>", StringComparison.Ordinal))
            {
                return false;
            }
            context.Response.StatusCode = 503;
            return true;
        };

        var (exit, output) = await RunAsync(Options(clues.Endpoint), Encoded(vm));

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.LeftOnHold));
        Assert.That(output, Does.Contain($"could not release VM {vm.Id}").And.Contain($"onevm release {vm.Id}").And.Contain("HTTP 503"));
    }

    [Test, CancelAfter(60_000)]
    public async Task HookStoppedWhileWaiting_StillReleasesTheVm()
    {
        await using var clues = await CluesServer.StartAsync(Secret);
        clues.Control.Pending.Add(1);
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var handler = new SocketsHttpHandler();
        using var output = new StringWriter();

        var exit = await new Clues.OneWrapper.OneWrapper(Options(clues.Endpoint), handler, output, TimeProvider.System).RunAsync(Encoded(vm), stop.Token);

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.Done), output.ToString());
        Assert.That(output.ToString(), Does.Contain($"stopped; releasing VM {vm.Id}"));
        Assert.That(_one.Calls, Is.EqualTo(new[] { $"one.vm.action hold {vm.Id}", $"one.vm.action release {vm.Id}" }));
    }

    [Test, CancelAfter(60_000)]
    public async Task HoldRefused_VmAnnouncedWithoutWaiting_AndNotReleased()
    {
        await using var clues = await CluesServer.StartAsync(Secret);
        clues.Control.Pending.Add(1);
        var vm = _one.AddVm("worker", FakeVm.Active, "10.0.0.5");
        _one.Session = "oneadmin:other";

        var (exit, output) = await RunAsync(Options(clues.Endpoint), Encoded(vm));

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.Done));
        Assert.That(output, Does.Contain($"could not hold VM {vm.Id}; announcing it anyway").And.Contain("authenticated"));
        Assert.That(clues.Control.Created.Single().JobId, Is.EqualTo(vm.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(clues.Control.Calls, Is.Empty, "a VM already being scheduled is not waited for");
        Assert.That(_one.Calls, Is.EqualTo(new[] { $"one.vm.action hold {vm.Id}" }));
    }

    [TestCase("not base64 at all!")]
    [TestCase("PFZNPjxJRD54PC9JRD48L1ZNPg==")] // <VM><ID>x</ID></VM>
    [TestCase("PEhPU1Q+PC9IT1NUPg==")] // <HOST></HOST>
    public async Task ArgumentThatIsNotAVm_IsBadInput_AndNothingIsCalled(string encoded)
    {
        await using var clues = await CluesServer.StartAsync(Secret);

        var (exit, output) = await RunAsync(Options(clues.Endpoint), encoded);

        Assert.That(exit, Is.EqualTo(Clues.OneWrapper.OneWrapper.BadInput));
        Assert.That(output, Does.Contain("is not a base64 OpenNebula VM document"));
        Assert.That(_one.Calls, Is.Empty);
        Assert.That(clues.Control.Created, Is.Empty);
    }

    [Test]
    public async Task HostileArguments_HugeOrDeeplyNested_AreBadInput()
    {
        var huge = new string('A', 8 << 20);
        var deep = Convert.ToBase64String(Encoding.UTF8.GetBytes("<VM>" + string.Concat(Enumerable.Repeat("<a>", 50_000)) + string.Concat(Enumerable.Repeat("</a>", 50_000)) + "</VM>"));

        var (hugeExit, hugeOutput) = await RunAsync(Options(null), huge);
        var (deepExit, deepOutput) = await RunAsync(Options(null), deep);

        Assert.That((hugeExit, deepExit), Is.EqualTo((Clues.OneWrapper.OneWrapper.BadInput, Clues.OneWrapper.OneWrapper.BadInput)));
        Assert.That(hugeOutput, Does.Contain("longer than"));
        Assert.That(deepOutput, Does.Contain("nested deeper than 64 levels"));
    }

    [Test, CancelAfter(120_000)]
    public async Task Program_WithCluesDown_ExitsZeroAndLeavesTheVmAlone(CancellationToken ct)
    {
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");
        var config = WriteConfig(LoopbackPort.Free());

        var (code, _, errors) = await DotnetProgram.RunAsync("clues-one-wrapper.dll", _work, ct, "--config", config, Encoded(vm));

        Assert.That(code, Is.Zero, errors);
        Assert.That(errors, Does.Contain("does not answer").And.Contain($"VM {vm.Id} is left to OpenNebula"));
        Assert.That(_one.Calls, Is.Empty);
    }

    [Test, CancelAfter(120_000)]
    public async Task Program_AnnouncesAndReleases(CancellationToken ct)
    {
        await using var clues = await CluesServer.StartAsync(Secret);
        var vm = _one.AddVm("worker", FakeVm.Pending, "10.0.0.5");
        var config = WriteConfig(clues.Endpoint.Port);

        var (code, _, errors) = await DotnetProgram.RunAsync("clues-one-wrapper.dll", _work, ct, "--config", config, Encoded(vm));
        var (usage, _, usageErrors) = await DotnetProgram.RunAsync("clues-one-wrapper.dll", _work, ct);

        Assert.That(code, Is.Zero, errors);
        Assert.That(clues.Control.Created.Single().JobId, Is.EqualTo(vm.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(_one.Calls, Is.EqualTo(new[] { $"one.vm.action hold {vm.Id}", $"one.vm.action release {vm.Id}" }));
        Assert.That(usage, Is.EqualTo(Clues.OneWrapper.OneWrapper.BadInput));
        Assert.That(usageErrors, Does.Contain("usage: clues-one-wrapper [--config FILE] <base64 VM document>"));
    }

    private string WriteConfig(int cluesPort)
    {
        var config = Path.Combine(_work, "clues2.cfg");
        File.WriteAllText(config, $"""
            [client]
            CLUES_XMLRPC=http://127.0.0.1:{cluesPort}/RPC2
            CLUES_SECRET_TOKEN={Secret}
            CLUES_REQUEST_WAIT_TIMEOUT=20
            LOG_FILE=

            [ONE WRAPPER]
            ONE_XMLRPC={_one.Endpoint}
            ONE_AUTH=clues:cluespass
            ONE_XMLRPC_TIMEOUT=10
            ANNOUNCE_TIMEOUT=2
            """);
        return config;
    }

    /// <summary>CLUES' real XML-RPC service in the test process, over a scripted daemon.</summary>
    private sealed class CluesServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private CluesServer(WebApplication app, Uri endpoint, FakeCluesControl control)
        {
            _app = app;
            Endpoint = endpoint;
            Control = control;
        }

        public Uri Endpoint { get; }

        public FakeCluesControl Control { get; }

        public static async Task<CluesServer> StartAsync(string secret)
        {
            var control = new FakeCluesControl();
            var service = new CluesXmlRpcService(control, secret, NullLogger<CluesXmlRpcService>.Instance);
            var (app, address) = await LoopbackServer.StartAsync(async context =>
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                body.Position = 0;
                var response = await service.HandleAsync(body, 0, context.RequestAborted);
                context.Response.ContentType = "text/xml";
                await context.Response.WriteAsync(response.Document);
            });
            return new CluesServer(app, new Uri(address, "/RPC2"), control);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
