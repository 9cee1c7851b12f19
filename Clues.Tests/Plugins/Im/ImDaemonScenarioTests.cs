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
using Clues.Plugins.Im;
using Clues.Plugins.Im.Radl;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Plugins.Im;

/// <summary>
/// The real daemon, schedulers and IM power manager on a test clock against the IM REST API in the test process: a
/// request arrives while every node is off, CLUES adds a VM through IM, IM configures it and the node appears in the
/// LRMS, it idles, and CLUES deletes the VM. And a VM that IM refuses to add is a failed power-on.
/// </summary>
[TestFixture]
public sealed class ImDaemonScenarioTests
{
    private const string ClusterRadl = "network public ( outbound = 'yes' )\n" +
        "system wn (\n  cpu.count >= 1 and\n  memory.size >= 1024m and\n  net_interface.0.dns_name = 'vnode-#N#'\n)\n" +
        "configure wn (\n@begin\n- roles: [ { role: grycap.slurm } ]\n@end\n)\n";

    [Test, CancelAfter(120_000)]
    public async Task Request_AllNodesOff_VmAddedThenNodeAppearsIdlesAndVmDeleted(CancellationToken ct)
    {
        await using var scenario = await Scenario.StartAsync(ct);
        var server = scenario.Server;

        await scenario.Control.CreateRequestAsync(new Resources(1, 512L << 20), null, [], ct);
        await scenario.AdvanceUntil("a VM added for the request", () => Task.FromResult(server.Posted.Count == 1), 60);
        var posted = RadlParser.Parse(server.Posted[0].Body);
        var node = posted.Deploys.Single().System;
        Assert.That(node, Is.AnyOf("vnode-1", "vnode-2"));
        Assert.That(posted.Systems.Single().GetString("ec3_class"), Is.EqualTo("wn"));
        Assert.That(await scenario.StateAsync(node), Is.EqualTo(NodeState.PowOn));

        // IM configures the VM; the LRMS then reports the node.
        var vm = server.VmIds.Max();
        server.SetVmState(vm, "configured");
        await scenario.AdvanceUntil($"{node} up and idle", async () => await scenario.StateAsync(node) == NodeState.Idle, 120);

        // Nothing runs there: after IDLE_TIME the node is powered off, which deletes its VM.
        await scenario.AdvanceUntil($"the VM of {node} deleted", () => Task.FromResult(server.VmRadl(vm) is null), 180);
        await scenario.AdvanceUntil($"{node} off", async () => await scenario.StateAsync(node) == NodeState.Off, 120);
        Assert.That(server.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal)), Is.EqualTo(1), "one VM for one request");
        Assert.That(server.Requests, Does.Contain($"DELETE /infrastructures/infid/vms/{vm}"));
        Assert.That(server.VmIds, Is.EqualTo(new[] { 0 }), "only the front end is left");
    }

    [Test, CancelAfter(120_000)]
    public async Task Request_ImRefusesTheVm_NodeIsOffErr(CancellationToken ct)
    {
        await using var scenario = await Scenario.StartAsync(ct);
        scenario.Server.Fault = async context =>
        {
            if (context.Request.Method != "POST")
            {
                return false;
            }
            await FakeImServer.ErrorAsync(context, 400, "Error Adding resources: quota exceeded");
            return true;
        };

        await scenario.Control.CreateRequestAsync(new Resources(1, 512L << 20), null, [], ct);

        await scenario.AdvanceUntil("a failed power-on", async () =>
            await scenario.StateAsync("vnode-1") == NodeState.OffErr || await scenario.StateAsync("vnode-2") == NodeState.OffErr, 60);
        Assert.That(scenario.Server.VmIds, Is.EqualTo(new[] { 0 }), "no VM was made");
    }

    /// <summary>The daemon wired to the IM plugin and to an LRMS that reports a node on once IM has a configured VM for it.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly ImTestSupport _support;
        private readonly ImPowerManager _plugin;
        private readonly InMemoryCluesStore _store;
        private readonly HookRunner _hooks;
        private readonly CancellationTokenSource _stop;
        private readonly Task _running;
        private readonly CluesDaemon _daemon;
        private readonly EventLoop _loop;
        private readonly CancellationToken _ct;

        private Scenario(ImTestSupport support, FakeImServer server, CancellationToken ct)
        {
            _support = support;
            Server = server;
            _ct = ct;
            var time = support.Time;
            var clock = new CluesClock(time);
            _loop = new EventLoop(clock, NullLogger<EventLoop>.Instance);
            // Generous TIMEOUT_COMMANDS: the test clock may run ahead of a loopback HTTP answer on a busy machine.
            var general = new GeneralOptions { TimeoutCommands = 100_000 };
            var monitoring = new MonitoringOptions();
            var scheduling = new SchedulingOptions { IdleTime = 30 };
            _plugin = new ImPowerManager(support.Options(server), null, NullLogger.Instance, time);
            var bookings = new BookingSystem(monitoring, NullLogger<BookingSystem>.Instance);
            IScheduler[] schedulers =
            [
                new PowOnRequestsScheduler(scheduling, bookings, NullLogger<PowOnRequestsScheduler>.Instance),
                new PowOffIdleScheduler(scheduling, NullLogger<PowOffIdleScheduler>.Instance),
            ];
            _store = new InMemoryCluesStore();
            _hooks = new HookRunner(new HooksOptions(), NullLogger<HookRunner>.Instance);
            _daemon = new CluesDaemon(_loop, new Platform(new VmBackedLrms(server), _plugin, general, clock, NullLogger<Platform>.Instance),
                new SchedulerChain(schedulers, bookings, new ResourceMatcher(monitoring, new RequirementEvaluator())), _store, _hooks,
                new CluesOptions { General = general, Monitoring = monitoring, Scheduling = scheduling }, NullLoggerFactory.Instance);
            _plugin.Attach(_daemon);
            Control = new DaemonControl(_daemon, clock);
            _daemon.Start();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _running = _loop.RunAsync(_stop.Token);
        }

        public FakeImServer Server { get; }

        public DaemonControl Control { get; }

        public static async Task<Scenario> StartAsync(CancellationToken ct)
        {
            var support = new ImTestSupport();
            var server = await FakeImServer.StartAsync();
            server.Authorization = ImTestSupport.FixtureHeader;
            server.SetVm(0, "system front ( net_interface.0.dns_name = 'front' and state = 'configured' )");
            server.InfrastructureRadl = ClusterRadl;
            return new Scenario(support, server, ct);
        }

        public async Task<NodeState?> StateAsync(string node) =>
            await _loop.InvokeAsync(_ => ValueTask.FromResult(_daemon.GetNodes().FirstOrDefault(n => n.Name == node)?.State), _ct);

        /// <summary>Test seconds pass one at a time, with a bound in test seconds; the failure says what was awaited.</summary>
        public async Task AdvanceUntil(string what, Func<Task<bool>> condition, int seconds)
        {
            for (var i = 0; i < seconds; i++)
            {
                if (await condition())
                {
                    return;
                }
                _support.Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
                await QuietAsync();
            }
            var nodes = await _loop.InvokeAsync(_ => ValueTask.FromResult(string.Join(", ", _daemon.GetNodes().Select(n => $"{n.Name} {n.State}"))), _ct);
            Assert.Fail($"no {what} within {seconds} test seconds; nodes: {nodes}; IM requests: {string.Join(", ", Server.Requests.TakeLast(10))}");
        }

        // Gives the loopback answers of this test second a moment, bounded, before the clock moves again.
        private async Task QuietAsync()
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var seen = Server.Requests.Count;
            while (watch.Elapsed < TimeSpan.FromSeconds(1))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(30), _ct);
                var now = Server.Requests.Count;
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
            _plugin.Dispose();
            await _hooks.DisposeAsync();
            _store.Dispose();
            await Server.DisposeAsync();
            _support.Dispose();
        }
    }

    /// <summary>Two worker nodes, on (idle) while IM has a configured VM named after them, off otherwise.</summary>
    private sealed class VmBackedLrms(FakeImServer server) : ILrmsPlugin
    {
        public string Id => "IM_SCENARIO";

        public Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken)
        {
            var configured = server.VmIds.Select(server.VmRadl).OfType<string>()
                .Where(r => r.Contains("state = 'configured'", StringComparison.Ordinal)).ToList();
            IReadOnlyList<NodeInfo> nodes = new[] { "vnode-1", "vnode-2" }
                .Select(name => new NodeInfo(name, 1, 1, 1L << 30, 1L << 30,
                    state: configured.Any(r => r.Contains($"dns_name = '{name}'", StringComparison.Ordinal)) ? NodeState.Idle : NodeState.Off))
                .ToList();
            return Task.FromResult(nodes);
        }
    }
}
