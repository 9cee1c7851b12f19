using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Clues.Core.Api.XmlRpc;
using Clues.Core.Config;
using Clues.Core.HighAvailability;
using Clues.Core.Model;
using Clues.Core.Power;
using Clues.Host.Server;
using Clues.Tests.Core.Daemon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NUnit.Framework;

namespace Clues.Tests.Host.HighAvailability;

/// <summary>
/// The API of a process of an active/standby pair while it stops being the active one: its daemon's loop stops
/// first, then the API stops routing calls to it, then the host restarts as a standby. A call caught in between
/// (waiting for the stopped loop, or for a power command of the old term) is answered 503 with a message, an
/// XML-RPC fault for XML-RPC, never 500 and never left hanging. The role change is driven in process, step by step.
/// </summary>
[TestFixture, System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RoleChangeApiTests
{
    private const string Secret = "s3cret";
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("clues-rolechange-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test, CancelAfter(60_000)]
    public async Task CallsInFlightWhenTheActiveOneStepsDown_Get503_NoneGets500(CancellationToken ct)
    {
        var gate = new TaskCompletionSource<PowerResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var powerManager = new Mock<IPowerManager>();
        powerManager.Setup(p => p.PowerOnAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken _) =>
            {
                entered.TrySetResult();
                return gate.Task;
            });
        await using var process = await ActiveProcess.StartAsync(_folder, powerManager.Object, ct);
        using var http = Client();

        // Serving: the daemon answers.
        using (var nodes = await http.GetAsync(new Uri(process.Api, "api/nodes"), ct))
        {
            Assert.That(nodes.StatusCode, Is.EqualTo(HttpStatusCode.OK), await nodes.Content.ReadAsStringAsync(ct));
        }

        // A power-on through the API waits for its command, which hangs; the process steps down meanwhile.
        var powerOn = http.PostAsync(new Uri(process.Api, "api/nodes/wn1/poweron"), null, ct);
        await entered.Task.WaitAsync(ct);
        await process.StopLoopAsync();

        // The loop has stopped, the API still routes to the daemon: these wait for a loop that runs no more.
        var caught = new List<Task<HttpResponseMessage>>
        {
            http.GetAsync(new Uri(process.Api, "api/nodes"), ct),
            http.GetAsync(new Uri(process.Api, "api/requests"), ct),
            http.PostAsync(new Uri(process.Api, "api/requests"), Json("""{"cpu": 1, "memory": 512, "taskCount": 1}"""), ct),
            http.PostAsync(new Uri(process.Api, "RPC2"), XmlRpc("status", Secret, ""), ct),
            http.PostAsync(new Uri(process.Api, "RPC2"), XmlRpc("request_create", Secret, 1.0, 512.0, 1), ct),
        };
        // The power-on may already be refused as its command is cancelled with the loop; nothing else can answer yet.
        var answeredEarly = caught.Where(c => c.IsCompleted)
            .Select(c => c.IsCompletedSuccessfully ? $"{c.Result.RequestMessage!.RequestUri!.AbsolutePath} {(int)c.Result.StatusCode}" : c.Exception!.Message);
        Assert.That(answeredEarly, Is.Empty, "nothing waiting for the stopped loop is answered before the API stops routing to it");

        process.Control.Stop();
        var inFlight = await Task.WhenAll(caught.Prepend(powerOn)).WaitAsync(TimeSpan.FromSeconds(30), ct);

        foreach (var response in inFlight)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var call = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath}";
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), $"{call}: {body}");
            // Caught waiting for the daemon, or (if it reached the server only after) told that no one is active yet.
            Assert.That(body, Does.Contain("stopped being the active one").Or.Contain("no clues-host is active").Or.Contain("is the active clues-host"), call);
            Assert.That(body, Does.Contain("try again"), call);
            Assert.That(response.Headers.RetryAfter, Is.Not.Null, call);
            if (response.RequestMessage.RequestUri.AbsolutePath == "/RPC2")
            {
                Assert.That(body, Does.Contain("<fault>"), $"{call}: CLUES' clients print a fault's message");
            }
        }
        inFlight.ToList().ForEach(r => r.Dispose());
        gate.TrySetResult(PowerResult.Ok("wn1"));
    }

    [Test, CancelAfter(60_000)]
    public async Task CallsAfterTheActiveOneSteppedDown_Get503_OrTheStandbyView_NeverA500(CancellationToken ct)
    {
        await using var process = await ActiveProcess.StartAsync(_folder, new Mock<IPowerManager>().Object, ct);
        using var http = Client();
        await process.StopLoopAsync();
        process.Control.Stop();

        using var nodes = await http.GetAsync(new Uri(process.Api, "api/nodes"), ct);
        using var poweron = await http.PostAsync(new Uri(process.Api, "api/nodes/wn1/poweron"), null, ct);
        using var status = await http.PostAsync(new Uri(process.Api, "RPC2"), XmlRpc("status", Secret, ""), ct);
        using var metrics = await http.GetAsync(new Uri(process.Api, "metrics"), ct);
        var metricsText = await metrics.Content.ReadAsStringAsync(ct);

        // It still holds the lease in the database: nobody else to forward to yet.
        Assert.That(nodes.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await nodes.Content.ReadAsStringAsync(ct));
        Assert.That(poweron.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await status.Content.ReadAsStringAsync(ct), Does.Contain("<fault>").And.Contain("try again"));
        Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(metricsText, Does.Contain("clues_ha_active 0").And.Not.Contain("clues_nodes{"), "a standby shows no cluster");
    }

    [Test, CancelAfter(30_000)]
    public async Task CallQueuedOnTheStoppedLoop_EndsWithStandbyException_WhenTheApiStopsRoutingToIt(CancellationToken ct)
    {
        await using var process = await ActiveProcess.StartAsync(_folder, new Mock<IPowerManager>().Object, ct);
        await process.StopLoopAsync();

        // Queued synchronously on the loop, which runs no more.
        var nodes = process.Control.GetNodesAsync(ct);
        var created = process.Control.CreateRequestAsync(new Resources(1, 512, [""], 1, 1), null, [], ct);
        Assert.That(nodes.IsCompleted || created.IsCompleted, Is.False);
        process.Control.Stop();

        Assert.ThrowsAsync<StandbyException>(() => nodes.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.ThrowsAsync<StandbyException>(() => created.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.ThrowsAsync<StandbyException>(() => process.Control.GetRequestsAsync(ct), "and every call after it");
    }

    private static HttpClient Client()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        return http;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static StringContent XmlRpc(string method, params object[] parameters) =>
        new(XmlRpcWriter.MethodCall(method, parameters), Encoding.UTF8, "text/xml");

    /// <summary>
    /// One process of a pair that took the lease and serves: its election on a SQLite lease, its daemon (one node,
    /// wn1, off) with the loop running, and its real API server on a loopback port.
    /// </summary>
    private sealed class ActiveProcess : IAsyncDisposable
    {
        private readonly DaemonHarness _daemon;
        private readonly SqlLeaseStore _lease;
        private readonly CluesApiServer _server;
        private readonly CancellationTokenSource _loopStop = new();
        private readonly Task _loop;

        private ActiveProcess(DaemonHarness daemon, SqlLeaseStore lease, HighAvailabilityControl control, CluesApiServer server)
        {
            _daemon = daemon;
            _lease = lease;
            Control = control;
            _server = server;
            _loop = Task.Run(() => daemon.Loop.RunAsync(_loopStop.Token));
        }

        public HighAvailabilityControl Control { get; }

        public Uri Api => _server.Addresses[0];

        public static async Task<ActiveProcess> StartAsync(string folder, IPowerManager powerManager, CancellationToken ct)
        {
            var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
            var daemon = new DaemonHarness(time, powerManager: powerManager, general: new GeneralOptions { TimeoutCommands = 10 });
            daemon.Lrms.Setup(l => l.GetNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(DaemonHarness.Report(("wn1", NodeState.Off)));
            daemon.Lrms.Setup(l => l.PowerOnAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
            await daemon.Daemon.MonitorNodesAsync(ct);
            var lease = SqlLeaseStore.ForSqlite(Path.Combine(folder, "clues.db"), TimeSpan.FromSeconds(5));
            var election = new LeaderElection(lease, new HighAvailabilityOptions { Enabled = true }, "a", new Uri("http://a:8000/"),
                TimeProvider.System, NullLogger<LeaderElection>.Instance);
            election.Tick();
            Assert.That(election.IsActive, Is.True);
            var control = new HighAvailabilityControl(election, daemon.Clock);
            control.Serve(daemon.Daemon);
            var server = new CluesApiServer(new CluesApiServerOptions { Host = "127.0.0.1", Port = 0, SecretToken = Secret }, control,
                NullLoggerFactory.Instance, TimeProvider.System);
            await server.StartAsync(ct);
            return new ActiveProcess(daemon, lease, control, server);
        }

        /// <summary>The daemon's loop stops, as when the term ends (the API is told later).</summary>
        public async Task StopLoopAsync()
        {
            await _loopStop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // the loop's way of stopping
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopLoopAsync();
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
            _lease.Dispose();
            await _daemon.DisposeAsync();
            _loopStop.Dispose();
        }
    }
}
