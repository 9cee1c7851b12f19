using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Groups;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.Scheduling;
using Clues.Tests.Common.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Groups;

/// <summary>
/// The guard around the scheduler chain: passes of the real schedulers (and of one that knows nothing of groups) at
/// given times, with the chain built by <see cref="SchedulerChain.Build"/> from a configuration with groups.
/// </summary>
[TestFixture]
public sealed class NodeGroupGuardTests
{
    private SchedulingScenario _s = null!;

    [SetUp]
    public void SetUp()
    {
        _s = new SchedulingScenario();
        _s.Scheduling.IdleTime = 60;
    }

    private static NodeBuilder Node(string name, NodeState state, double slots = 1, double? free = null, double since = 0) =>
        NodeBuilder.Named(name).WithSlots(slots, free).WithMemory(4096).In(state, since);

    private static RequestBuilder Request(long id, double slots = 1) => RequestBuilder.WithId(id).Needing(slots, 256);

    /// <summary>The chain <paramref name="schedulers"/> as the daemon builds it from a configuration with <paramref name="groups"/>.</summary>
    private IReadOnlyList<IScheduler> Chain(string groups, params string[] schedulers)
    {
        var config = new CluesConfig();
        string? section = null;
        foreach (var line in groups.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']');
            }
            else
            {
                var eq = line.IndexOf('=');
                config.Set(section!, line[..eq].Trim(), line[(eq + 1)..].Trim());
            }
        }
        var services = new ServiceCollection()
            .AddSingleton(config).AddSingleton(_s.Scheduling).AddSingleton(_s.Monitoring).AddSingleton(_s.Bookings)
            .AddSingleton<IResourceMatcher>(new ResourceMatcher(_s.Monitoring, new Clues.Core.Requirements.RequirementEvaluator()))
            .AddSingleton(new CluesClock(new VirtualTimeProvider()))
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .BuildServiceProvider();
        var errors = new List<ConfigError>();
        var chain = SchedulerChain.Build(schedulers, new PluginRegistry([typeof(SchedulerNames).Assembly, typeof(PowerOnEveryOffNode).Assembly]), services, errors).Schedulers;
        Assert.That(errors.Concat(config.Errors), Is.Empty);
        return chain;
    }

    private SchedulingContext Pass(IReadOnlyList<IScheduler> chain, double now)
    {
        var context = _s.Pass(now);
        foreach (var scheduler in chain)
        {
            scheduler.Schedule(context);
        }
        return context;
    }

    private static NodeGroupGuard Guard(IReadOnlyList<IScheduler> chain) => NodeGroupGuard.In(chain)!;

    [Test]
    public void Build_NoGroupSection_ChainUnchanged()
    {
        var chain = Chain("", SchedulerNames.PowOnRequests, SchedulerNames.PowOffIdle);

        Assert.That(chain.Select(s => s.Name), Is.EqualTo(new[] { "PowOn_Requests", "PowOff_IDLE" }));
        Assert.That(NodeGroupGuard.In(chain), Is.Null);
    }

    [Test]
    public void Pass_GroupAtMaxOn_RequestOnlyItCouldHoldWaitsBlockedWithTheReason()
    {
        var chain = Chain("[group:gpu]\nNODES=gpu[1-3]\nMAX_ON=2", SchedulerNames.PowOnRequests);
        _s.WithNodes(Node("gpu1", NodeState.Used, free: 0), Node("gpu2", NodeState.Used, free: 0), Node("gpu3", NodeState.Off));
        var request = _s.Queue(Request(1));

        var pass = Pass(chain, 100);

        Assert.Multiple(() =>
        {
            Assert.That(pass.CandidatesOn.Names, Is.Empty);
            Assert.That(request.State, Is.EqualTo(RequestState.Blocked), "kept waiting, not marked not served");
            Assert.That(Guard(chain).WhyWaiting(1), Is.EqualTo("group gpu is at its maximum of 2 nodes on (MAX_ON)"));
            Assert.That(_s.Node("gpu3").Enabled, Is.True, "hidden for the pass only");
        });
    }

    [Test]
    public void Pass_GroupAtMaxOn_RequestGoesToANodeInNoGroup()
    {
        var chain = Chain("[group:gpu]\nNODES=gpu[1-3]\nMAX_ON=2", SchedulerNames.PowOnRequests);
        _s.WithNodes(Node("gpu1", NodeState.Used, free: 0), Node("gpu2", NodeState.Used, free: 0), Node("gpu3", NodeState.Off), Node("cpu1", NodeState.Off));
        var request = _s.Queue(Request(1));

        var pass = Pass(chain, 100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "cpu1" }));
        Assert.That(request.State, Is.EqualTo(RequestState.Attended));
        Assert.That(Guard(chain).WhyWaiting(1), Is.Null);
    }

    [Test]
    public void Pass_RequestNeedsMoreNodesThanTheGroupHasRoomFor_NoneIsPoweredOnAndItsBookingIsReleased()
    {
        var chain = Chain("[group:gpu]\nNODES=gpu*\nMAX_ON=2", SchedulerNames.PowOnRequests);
        _s.WithNodes(Node("gpu1", NodeState.Used, free: 0), Node("gpu2", NodeState.Off), Node("gpu3", NodeState.Off), Node("cpu1", NodeState.Off));
        var request = _s.Queue(Request(1).Tasks(3, maxPerNode: 1));

        var pass = Pass(chain, 100);

        Assert.Multiple(() =>
        {
            Assert.That(pass.CandidatesOn.Names, Is.Empty, "gpu3 is beyond MAX_ON, and gpu2 and cpu1 were only for this request");
            Assert.That(request.State, Is.EqualTo(RequestState.Blocked));
            Assert.That(_s.Bookings.Find(1), Is.Null);
            Assert.That(Guard(chain).WhyWaiting(1), Is.EqualTo("group gpu is at its maximum of 2 nodes on (MAX_ON)"));
        });
    }

    [Test]
    public void Passes_MaxBooting_OneNodeAtATimeThenTheNext()
    {
        var chain = Chain("[group:gpu]\nNODES=gpu1 gpu2\nMAX_BOOTING=1", SchedulerNames.PowOnRequests);
        _s.WithNodes(Node("gpu1", NodeState.Off), Node("gpu2", NodeState.Off));
        var first = _s.Queue(Request(1));
        var second = _s.Queue(Request(2));

        var pass = Pass(chain, 100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "gpu1" }));
        Assert.That((first.State, second.State), Is.EqualTo((RequestState.Attended, RequestState.Blocked)));
        Assert.That(Guard(chain).WhyWaiting(2), Is.EqualTo("group gpu has 1 node booting, its maximum at once (MAX_BOOTING)"));

        _s.WithNodes(Node("gpu1", NodeState.PowOn, since: 100), Node("gpu2", NodeState.Off));
        pass = Pass(chain, 105);

        Assert.That(pass.CandidatesOn.Names, Is.Empty);
        Assert.That(second.State, Is.EqualTo(RequestState.Blocked));
        Assert.That(Guard(chain).WhyWaiting(2), Is.EqualTo("group gpu has 1 node booting, its maximum at once (MAX_BOOTING)"));

        _s.WithNodes(Node("gpu1", NodeState.Used, free: 0, since: 150), Node("gpu2", NodeState.Off));
        pass = Pass(chain, 155);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "gpu2" }));
        Assert.That(second.State, Is.EqualTo(RequestState.Attended));
        Assert.That(Guard(chain).WhyWaiting(2), Is.Null);
    }

    [Test]
    public void Pass_PowerOffsBelowMinOn_WithheldInProposalOrderNodesInNoGroupUntouched()
    {
        var chain = Chain("[group:svc]\nNODES=svc[1-3]\nMIN_ON=2", SchedulerNames.PowOffIdle);
        _s.WithNodes(Node("svc1", NodeState.Idle), Node("svc2", NodeState.Idle), Node("svc3", NodeState.Idle), Node("cpu1", NodeState.Idle));

        var pass = Pass(chain, 1000);

        Assert.That(pass.CandidatesOff, Is.EqualTo(new[] { "svc1", "cpu1" }));
        Assert.That(Guard(chain).WhyKeptOn("svc2"), Is.EqualTo("group svc is at its minimum of 2 nodes on (MIN_ON)"));
        Assert.That(Guard(chain).WhyKeptOn("svc1"), Is.Null);
    }

    [Test]
    public void Passes_GroupBelowMinOn_PowersOnOffNodesInLrmsOrderWithinMaxBooting()
    {
        var chain = Chain("[group:svc]\nNODES=svc[1-3]\nMIN_ON=2\nMAX_BOOTING=1", SchedulerNames.PowOnRequests, SchedulerNames.PowOffIdle);
        _s.WithNodes(Node("svc1", NodeState.Off), Node("svc2", NodeState.Off), Node("svc3", NodeState.Off));

        Assert.That(Pass(chain, 100).CandidatesOn.Names, Is.EqualTo(new[] { "svc1" }));

        _s.WithNodes(Node("svc1", NodeState.PowOn, since: 100), Node("svc2", NodeState.Off), Node("svc3", NodeState.Off));
        Assert.That(Pass(chain, 105).CandidatesOn.Names, Is.Empty, "MAX_BOOTING=1 and svc1 is booting");

        _s.WithNodes(Node("svc1", NodeState.Idle, since: 150), Node("svc2", NodeState.Off), Node("svc3", NodeState.Off));
        Assert.That(Pass(chain, 155).CandidatesOn.Names, Is.EqualTo(new[] { "svc2" }));

        _s.WithNodes(Node("svc1", NodeState.Idle, since: 150), Node("svc2", NodeState.Idle, since: 200), Node("svc3", NodeState.Off));
        var pass = Pass(chain, 5000);
        Assert.That((pass.CandidatesOn.Count, pass.CandidatesOff.Count), Is.EqualTo((0, 0)), "at MIN_ON: nothing on, nothing off");
    }

    [Test]
    public void Pass_SchedulerThatKnowsNothingOfGroups_HeldToMaxOn()
    {
        var chain = Chain("[group:gpu]\nNODES=gpu[1-4]\nMAX_ON=3\n[group:cpu]\nNODES=cpu[1-2]\nMAX_ON=1",
            typeof(PowerOnEveryOffNode).FullName!);
        _s.WithNodes(Node("gpu1", NodeState.Idle), Node("gpu2", NodeState.Off), Node("gpu3", NodeState.Off), Node("gpu4", NodeState.Off),
            Node("cpu1", NodeState.Off), Node("cpu2", NodeState.Off), Node("other", NodeState.Off));

        var pass = Pass(chain, 100);

        Assert.That(pass.CandidatesOn.Names, Is.EqualTo(new[] { "gpu2", "gpu3", "cpu1", "other" }));
    }

    [Test]
    public void Status_CountsOnAndBootingPerGroup()
    {
        var chain = Chain("[group:gpu]\nNODES=gpu*\nMIN_ON=1\nMAX_ON=3\nMAX_BOOTING=2\n[group:cpu]\nNODES=cpu1", SchedulerNames.PowOffIdle);
        _s.WithNodes(Node("gpu1", NodeState.Used), Node("gpu2", NodeState.PowOn), Node("gpu3", NodeState.Off), Node("gpu4", NodeState.OnErr),
            Node("cpu1", NodeState.Off), Node("x", NodeState.Idle));

        var status = Guard(chain).Status(_s.Nodes);

        Assert.That(status, Is.EqualTo(new[]
        {
            new NodeGroupStatus("gpu", 4, 2, 1, 1, 3, 2),
            new NodeGroupStatus("cpu", 1, 0, 0, 0, 0, 0),
        }));
        Assert.That(status[0].ToString(), Is.EqualTo("group gpu: 2 on, 1 booting of 4 nodes (min 1, max 3, max booting 2)"));
        Assert.That(status[1].ToString(), Is.EqualTo("group cpu: 0 on, 0 booting of 1 node (min 0, max -, max booting -)"));
    }
}

/// <summary>A scheduler written without groups in mind: it proposes to power on every enabled OFF node.</summary>
public sealed class PowerOnEveryOffNode : IScheduler
{
    /// <inheritdoc />
    public string Name => "power on everything";

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        foreach (var node in context.Monitoring.Nodes.Where(n => n.State == NodeState.Off))
        {
            context.CandidatesOn.GetOrAdd(node.Name);
        }
        return true;
    }
}
