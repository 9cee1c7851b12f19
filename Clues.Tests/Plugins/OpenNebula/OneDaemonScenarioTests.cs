using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Hooks;
using Clues.Core.Lrms;
using Clues.Core.Model;
using Clues.Core.Persistence;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Clues.Plugins.OpenNebula;
using Clues.Plugins.OpenNebula.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Clues.Tests.Plugins.OpenNebula;

/// <summary>
/// The real daemon, schedulers and <c>cluesplugins.one</c> power manager on a test clock, against the OpenNebula
/// server in the test process: a request waits, CLUES creates a VM for a node of the virtual cluster, OpenNebula runs
/// it and the node joins the LRMS, the node idles, and CLUES shuts the VM down.
/// </summary>
[TestFixture]
public sealed class OneDaemonScenarioTests
{
    private FakeOneApi _api = null!;
    private string _directory = "";

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeOneApi.StartAsync();
        _directory = Path.Combine(Path.GetTempPath(), "clues-one-scenario-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "virtualonecluster.hosts"), "10.0.0.1 vnode1\n10.0.0.2 vnode2\n");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test, CancelAfter(180_000)]
    public async Task Request_VmCreated_RunsAndJoins_IdlesThenShutDown(CancellationToken ct)
    {
        await using var run = await Scenario.StartAsync(_api, Path.Combine(_directory, "virtualonecluster.hosts"), ct);

        run.Request();
        await run.AdvanceUntil("a VM created for the request", () => Task.FromResult(_api.Calls.Any(c => c.StartsWith("one.vm.allocate", StringComparison.Ordinal))), 60);
        var vm = _api.Vms.Single();
        var node = vm.Template!.Contains("10.0.0.1", StringComparison.Ordinal) ? "vnode1" : "vnode2";
        Assert.That(vm.Template, Does.Contain($"NAME=\"{node}\""), "the template names the node whose IP it takes");
        Assert.That(await run.StateAsync(node), Is.EqualTo(NodeState.PowOn));

        // OpenNebula schedules and boots the VM; the node registers with the LRMS.
        _api.Edit(() =>
        {
            vm.State = FakeVm.Active;
            vm.Host = "server";
        });
        await run.AdvanceUntil($"{node} up and idle", async () => await run.StateAsync(node) == NodeState.Idle, 120);
        Assert.That(run.RequestsServed, Is.EqualTo(1));

        await run.AdvanceUntil($"the VM of the idle {node} shut down", () => Task.FromResult(_api.Calls.Contains($"one.vm.action terminate {vm.Id}")), 200);
        await run.AdvanceUntil($"{node} off", async () => await run.StateAsync(node) == NodeState.Off, 120);

        Assert.That(_api.Calls.Where(c => c.StartsWith("one.vm.", StringComparison.Ordinal)).Select(c => c.Split(' ')[0] + (c.StartsWith("one.vm.action", StringComparison.Ordinal) ? " " + c.Split(' ')[1] : "")),
            Is.EqualTo(new[] { "one.vm.allocate", "one.vm.info", "one.vm.action terminate" }), "one VM created, one shut down");
        Assert.That(_api.Vms.Single().State, Is.EqualTo(FakeVm.Done));
    }

    [Test, CancelAfter(180_000)]
    public async Task Request_VmCreationRefused_NodeGoesToOffErr(CancellationToken ct)
    {
        _api.CreationRefusal = "User [2] : user VM quota exceeded.";
        await using var run = await Scenario.StartAsync(_api, Path.Combine(_directory, "virtualonecluster.hosts"), ct);

        run.Request();

        await run.AdvanceUntil("a node in OFF_ERR after the refused creation",
            async () => await run.StateAsync("vnode1") == NodeState.OffErr || await run.StateAsync("vnode2") == NodeState.OffErr, 60);
        Assert.That(_api.Vms, Is.Empty);
    }

    /// <summary>The daemon wired as the host wires it, with an LRMS that sees a node up while its VM runs.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly FakeTimeProvider _time;
        private readonly EventLoop _loop;
        private readonly CluesDaemon _daemon;
        private readonly CancellationTokenSource _stop;
        private readonly Task _running;
        private readonly IDisposable[] _owned;
        private readonly FakeOneApi _api;
        private readonly CancellationToken _ct;
        private readonly HookRunner _hooks;

        private Scenario(FakeTimeProvider time, EventLoop loop, CluesDaemon daemon, CancellationTokenSource stop, Task running, FakeOneApi api,
            HookRunner hooks, CancellationToken ct, params IDisposable[] owned)
        {
            (_time, _loop, _daemon, _stop, _running, _api, _hooks, _ct, _owned) = (time, loop, daemon, stop, running, api, hooks, ct, owned);
        }

        public int RequestsServed { get; private set; }

        public static async Task<Scenario> StartAsync(FakeOneApi api, string hostsFile, CancellationToken ct)
        {
            await Task.Yield();
            var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(1000));
            var clock = new CluesClock(time);
            var loop = new EventLoop(clock, NullLogger<EventLoop>.Instance);
            // Generous TIMEOUT_COMMANDS: the test clock may run ahead of a loopback answer on a busy machine.
            var general = new GeneralOptions { TimeoutCommands = 100_000 };
            var monitoring = new MonitoringOptions();
            var scheduling = new SchedulingOptions { IdleTime = 30 };
            var options = OneVirtualClusterPowerManagerTests.Options(api, hostsFile) with
            {
                Connection = new OneConnection(api.Endpoint, "clues:cluespass", TimeSpan.FromSeconds(100_000)),
            };
            var powerManager = new OneVirtualClusterPowerManager(options, new OneClient(new HttpClient(), options.Connection, time), NullLogger.Instance, time);
            var lrms = new VirtualClusterLrms(api, hostsFile);
            var bookings = new BookingSystem(monitoring, NullLogger<BookingSystem>.Instance);
            IScheduler[] schedulers =
            [
                new PowOnRequestsScheduler(scheduling, bookings, NullLogger<PowOnRequestsScheduler>.Instance),
                new PowOffIdleScheduler(scheduling, NullLogger<PowOffIdleScheduler>.Instance),
            ];
            var store = new InMemoryCluesStore();
            var hooks = new HookRunner(new HooksOptions(), NullLogger<HookRunner>.Instance);
            var daemon = new CluesDaemon(loop, new Platform(lrms, powerManager, general, clock, NullLogger<Platform>.Instance),
                new SchedulerChain(schedulers, bookings, new ResourceMatcher(monitoring, new RequirementEvaluator())), store, hooks,
                new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling }, NullLoggerFactory.Instance);
            daemon.Start();
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            return new Scenario(time, loop, daemon, stop, loop.RunAsync(stop.Token), api, hooks, ct, powerManager, store);
        }

        private long _request = -1;

        public void Request() => _loop.InvokeAsync(_ =>
        {
            _request = _daemon.CreateRequest(new Resources(1, 512L << 20), null, []).Id;
            return ValueTask.FromResult(true);
        }, _ct).GetAwaiter().GetResult();

        public Task<NodeState?> StateAsync(string node) =>
            _loop.InvokeAsync(_ => ValueTask.FromResult(_daemon.GetNodes().FirstOrDefault(n => n.Name == node)?.State), _ct);

        /// <summary>Test seconds pass one at a time; each wait has a bound in test seconds and says what it waited for.</summary>
        public async Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds)
        {
            for (var i = 0; i < seconds; i++)
            {
                if (_request >= 0 && RequestsServed == 0 && !await _loop.InvokeAsync(_ => ValueTask.FromResult(_daemon.IsRequestInQueue(_request)), _ct))
                {
                    RequestsServed = 1;
                }
                if (await condition())
                {
                    return;
                }
                _time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
                await Quiet();
            }
            var states = await _loop.InvokeAsync(_ => ValueTask.FromResult(string.Join(", ", _daemon.GetNodes().Select(n => $"{n.Name}={n.State}"))), _ct);
            Assert.Fail($"no {what} within {seconds} test seconds; nodes: {states}; OpenNebula calls: {string.Join(" | ", _api.Calls)}");
        }

        // Gives the loopback answers of this second a moment, bounded, before the clock moves again.
        private async Task Quiet()
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var seen = _api.Calls.Count;
            while (watch.Elapsed < TimeSpan.FromSeconds(1))
            {
                await Task.Delay(30, _ct);
                var now = _api.Calls.Count;
                if (now == seen)
                {
                    return;
                }
                seen = now;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // stopping mid-wait is a cancellation
            }
            _stop.Dispose();
            await _hooks.DisposeAsync();
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }
        }
    }

    /// <summary>
    /// The LRMS of the virtual cluster (Slurm, say), as seen by CLUES: a node of the hosts file is up and idle while
    /// OpenNebula runs a VM with its IP, and off otherwise.
    /// </summary>
    private sealed class VirtualClusterLrms(FakeOneApi api, string hostsFile) : ILrmsPlugin
    {
        public string Id => "VIRTUAL_CLUSTER";

        public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
        {
            var nodes = new List<NodeInfo>();
            foreach (var line in File.ReadAllLines(hostsFile))
            {
                var (ip, name) = (line.Split(' ')[0], line.Split(' ')[1]);
                var up = false;
                api.Edit(() => up = api.Vms.Any(v => v.State == FakeVm.Active && v.Ips.Contains(ip)));
                nodes.Add(new NodeInfo(name, 1, 1, 1L << 30, 1L << 30, state: up ? NodeState.Idle : NodeState.Off));
            }
            return Task.FromResult<IReadOnlyList<NodeInfo>>(nodes);
        }
    }
}
