using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Clues.Tests.Core.Scheduling;

/// <summary>
/// The indexed PowOn_Requests (pools in capacity trees, incremental packing, cached requirement results) against a
/// literal reference of CLUES' algorithm written here from spec §4.2: for every request and case, filter the whole
/// node list, grow the pool, and pack from scratch on a fresh copy. Hundreds of seeded random situations, each run
/// for three passes so that bookings, BLOCKED and ATTENDED requests carry over; states, timestamps, bookings,
/// candidates and the free resources left on the pass copy must all be identical.
/// </summary>
[TestFixture]
public sealed class PowOnRequestsEquivalenceTests
{
    private static readonly NodeState[] States =
        [NodeState.Idle, NodeState.Used, NodeState.OnErr, NodeState.PowOn, NodeState.Off, NodeState.Off, NodeState.Off, NodeState.PowOff, NodeState.OffErr, NodeState.Unknown];

    private static readonly string[][] Requirements =
    [
        [], [""], [""], [""], ["\"gpu\" in queues"], ["\"bigmem\" in queues"], ["cpus >= 4"], ["\"gpu\" in queues", "cpus >= 2"],
        ["cpus >= 2 && \"gpu\" in queues"], ["nosuchvar == 1"], ["  "], ["x = 3; x > cpus"],
    ];

    public static IEnumerable<int> Seeds => Enumerable.Range(1, 300);

    [TestCaseSource(nameof(Seeds))]
    public void Schedule_RandomSituation_SameDecisionsAsReference(int seed)
    {
        var random = new Random(seed);
        var monitoring = new MonitoringOptions { NegativeResourcesMeansInfinite = random.Next(4) != 0 };
        var options = new SchedulingOptions { MaxBootingNodes = random.Next(3) == 0 ? random.Next(1, 4) : 0 };
        var evaluator = new RequirementEvaluator();
        // Requirements through the evaluator's prepared form, or through a plain function as a third party passes it.
        var exact = seed % 4 == 0 ? new ResourceMatcher(monitoring, evaluator) : new ResourceMatcher(monitoring, evaluator.Matches);
        // Half the cases through another IResourceMatcher: no capacity pruning, every node asked.
        IResourceMatcher matcher = seed % 2 == 0 ? exact : new DelegatingMatcher(exact);
        var nodeCount = random.Next(0, 3) == 0 ? random.Next(0, 6) : random.Next(5, 60);
        var infos = RandomNodes(random, nodeCount);
        var enabled = infos.Select(_ => random.Next(8) != 0).ToArray();
        var manyRequirements = random.Next(3) == 0;

        var optimised = new World(infos, enabled);
        var reference = new World(infos, enabled);
        var requestCount = random.Next(0, 40);
        for (var i = 0; i < requestCount; i++)
        {
            var resources = RandomResources(random, manyRequirements, nodeCount);
            var state = random.Next(10) switch
            {
                0 => RequestState.Blocked,
                1 => RequestState.Attended,
                2 => RequestState.Served,
                3 => RequestState.NotServed,
                _ => RequestState.Pending,
            };
            optimised.Add(i + 1, resources, state);
            reference.Add(i + 1, resources, state);
        }

        var scheduler = new PowOnRequestsScheduler(options, optimised.Bookings, NullLogger<PowOnRequestsScheduler>.Instance);
        for (var pass = 0; pass < 3; pass++)
        {
            var now = 100 + 10 * pass;
            var a = optimised.Context(now, matcher);
            var b = reference.Context(now, matcher);
            // Some capacity already taken on the pass copy, as earlier schedulers or bookings do.
            var taken = new Random(seed * 31 + pass);
            foreach (var (x, y) in a.Monitoring.Nodes.Zip(b.Monitoring.Nodes))
            {
                if (taken.Next(4) == 0)
                {
                    var slots = taken.Next(0, 3);
                    x.SlotsFree -= slots;
                    y.SlotsFree -= slots;
                }
            }

            scheduler.Schedule(a);
            ReferencePowOnRequests.Schedule(b, reference.Bookings, options, matcher);

            var where = $"seed {seed}, pass {pass}";
            Assert.That(Describe(optimised, a), Is.EqualTo(Describe(reference, b)), where);
            var draw = random.Next();
            optimised.AfterPass(draw);
            reference.AfterPass(draw);
        }
    }

    [Test]
    public void Schedule_RandomSituations_ExerciseEveryCase()
    {
        // Guards the generator: the random situations above must reach every outcome, or the comparison proves little.
        var seen = new HashSet<RequestState>();
        foreach (var seed in Seeds)
        {
            var random = new Random(seed);
            var monitoring = new MonitoringOptions();
            var matcher = new ResourceMatcher(monitoring, new RequirementEvaluator().Matches);
            var infos = RandomNodes(random, random.Next(5, 60));
            var world = new World(infos, infos.Select(_ => true).ToArray());
            for (var i = 0; i < 30; i++)
            {
                world.Add(i + 1, RandomResources(random, false, infos.Count), RequestState.Pending);
            }
            var context = world.Context(100, matcher);
            new PowOnRequestsScheduler(new SchedulingOptions(), world.Bookings, NullLogger<PowOnRequestsScheduler>.Instance).Schedule(context);
            seen.UnionWith(world.Queue.Select(r => r.State));
        }
        Assert.That(seen, Is.SupersetOf(new[] { RequestState.Pending, RequestState.Served, RequestState.Attended, RequestState.Blocked, RequestState.NotServed }));
    }

    private static List<NodeInfo> RandomNodes(Random random, int count)
    {
        var infos = new List<NodeInfo>();
        for (var i = 0; i < count; i++)
        {
            var slots = random.Next(8) == 0 ? -1 : new[] { 1, 2, 4, 8 }[random.Next(4)];
            var memory = random.Next(8) == 0 ? -1 : new[] { 1024, 2048, 4096.5 }[random.Next(3)];
            double slotsFree = slots < 0 ? -1 : random.Next(0, slots + 1);
            var memoryFree = memory < 0 ? -1 : random.Next(3) == 0 ? memory / 3 : memory;
            if (random.Next(40) == 0)
            {
                slotsFree = double.NaN;
            }
            var queues = new List<KeywordValue> { KeywordValue.FromString("all") };
            if (random.Next(3) == 0)
            {
                queues.Add(KeywordValue.FromString("gpu"));
            }
            if (random.Next(4) == 0)
            {
                queues.Add(KeywordValue.FromString("bigmem"));
            }
            var name = "n" + i.ToString("D2", CultureInfo.InvariantCulture);
            var keywords = new Dictionary<string, KeywordValue>
            {
                ["hostname"] = KeywordValue.FromString(name),
                ["queues"] = KeywordValue.FromList(queues),
                ["cpus"] = KeywordValue.FromNumber(Math.Max(slots, 1)),
            };
            infos.Add(new NodeInfo(name, slots, slotsFree, memory, memoryFree, keywords, States[random.Next(States.Length)]));
        }
        return infos;
    }

    private static Resources RandomResources(Random random, bool manyRequirements, int nodeCount)
    {
        var tasks = random.Next(12) == 0 ? 0 : random.Next(1, 5);
        IReadOnlyList<string> requirement = manyRequirements && random.Next(2) == 0
            ? [$"hostname == \"n{random.Next(Math.Max(1, nodeCount)):D2}\""]
            : Requirements[random.Next(Requirements.Length)];
        var slots = random.Next(30) == 0 ? double.NaN : random.Next(0, 4);
        var memory = random.Next(20) == 0 ? 0.5 : random.Next(0, 3) * 512.0;
        var resources = new Resources(slots, memory, requirement, tasks, random.Next(3) == 0 ? random.Next(1, 3) : 0);
        return random.Next(25) == 0 ? resources with { MaxTasksPerNode = 0 } : resources;
    }

    private static string Describe(World world, SchedulingContext context)
    {
        var lines = new List<string>();
        foreach (var request in world.Queue)
        {
            var booking = world.Bookings.Find(request.Id);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"request {request.Id}: {request.State.ToDisplay()} since {request.TimestampState}, booked [{(booking is null ? "none" : string.Join(",", booking.Nodes))}]"));
        }
        foreach (var name in context.CandidatesOn.Names)
        {
            lines.Add($"on {name}: {string.Join(",", context.CandidatesOn.RequestsFor(name).Select(r => r.Id))}");
        }
        foreach (var node in context.Monitoring.Nodes)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{node.Name}: slots {node.SlotsFree:R} memory {node.MemoryFree:R}"));
        }
        return string.Join("\n", lines);
    }

    /// <summary>
    /// CLUES' PowOn_Requests as spec §4.2 describes it, with no indexing: each case filters the whole list and packs
    /// the grown pool from scratch on a fresh copy. Candidate lists follow the port's FIX (spec §14 Q11).
    /// </summary>
    private static class ReferencePowOnRequests
    {
        public static void Schedule(SchedulingContext context, BookingSystem bookings, SchedulingOptions options, IResourceMatcher matcher)
        {
            var local = new OrderedCandidates();
            var alive = 0;
            bookings.MakeBooks(context);
            var nodelist = context.Monitoring.Nodes;
            var poweringOn = nodelist.Count(n => n.State == NodeState.PowOn);
            foreach (var request in context.Requests)
            {
                var shouldAllocate = false;
                List<string> placement = [];
                var nodesOff = new List<string>();
                var nodesPowOff = new List<string>();
                if (request.State is RequestState.Pending or RequestState.Blocked)
                {
                    var resources = request.Resources;
                    var held = true;
                    var pool = Filter(nodelist, resources, matcher, null, NodeState.Idle, NodeState.Used, NodeState.OnErr);
                    bool met;
                    (met, placement) = Pack(resources, nodelist, pool, matcher);
                    if (met)
                    {
                        request.SetState(alive > 0 ? RequestState.Blocked : RequestState.Served, context.Now);
                        held = false;
                    }
                    if (held)
                    {
                        pool = [.. pool, .. Filter(nodelist, resources, matcher, null, NodeState.PowOn)];
                        (met, placement) = Pack(resources, nodelist, pool, matcher);
                        if (met)
                        {
                            request.SetState(RequestState.Attended, context.Now);
                            held = false;
                        }
                    }
                    if (held && options.MaxBootingNodes > 0 && poweringOn + local.Count >= options.MaxBootingNodes)
                    {
                        break;
                    }
                    if (held)
                    {
                        nodesOff = Filter(nodelist, resources, matcher, true, NodeState.Off);
                        pool = [.. pool, .. nodesOff.Where(local.Contains)];
                        (met, placement) = Pack(resources, nodelist, pool, matcher);
                        if (met)
                        {
                            request.SetState(RequestState.Attended, context.Now);
                            held = false;
                        }
                    }
                    if (held)
                    {
                        pool = [.. pool, .. nodesOff.Where(n => !local.Contains(n))];
                        (met, placement) = Pack(resources, nodelist, pool, matcher);
                        if (met)
                        {
                            request.SetState(RequestState.Attended, context.Now);
                            held = false;
                        }
                    }
                    if (held)
                    {
                        nodesPowOff = Filter(nodelist, resources, matcher, true, NodeState.PowOff);
                        pool = [.. pool, .. nodesPowOff];
                        (met, placement) = Pack(resources, nodelist, pool, matcher);
                        if (met)
                        {
                            request.SetState(RequestState.Attended, context.Now);
                            held = false;
                        }
                    }
                    if (held && alive == 0)
                    {
                        request.SetState(pool.Count == 0 ? RequestState.NotServed : RequestState.Blocked, context.Now);
                        held = false;
                    }
                    if (held)
                    {
                        break;
                    }
                    shouldAllocate = true;
                }
                if (shouldAllocate)
                {
                    foreach (var name in placement)
                    {
                        nodelist.Find(name)!.Allocate(request.Resources);
                    }
                    foreach (var name in placement.Where(n => nodesOff.Contains(n) || nodesPowOff.Contains(n)))
                    {
                        var list = local.GetOrAdd(name);
                        if (!list.Contains(request))
                        {
                            list.Add(request);
                        }
                    }
                    bookings.Book(request.Id, placement, context.Now);
                }
                if (request.State is RequestState.Pending or RequestState.Attended)
                {
                    alive++;
                }
            }
            foreach (var name in local.Names)
            {
                context.CandidatesOn.Set(name, [.. local.RequestsFor(name)]);
            }
        }

        // FILTER_basic: enabled (when asked), then state, then meets one task.
        private static List<string> Filter(NodeList nodes, Resources resources, IResourceMatcher matcher, bool? enabled, params NodeState[] states) =>
            nodes.Where(n => (enabled is null || n.Enabled == enabled) && states.Contains(n.State) && matcher.Meets(n, resources))
                .Select(n => n.Name).ToList();

        // _nodes_meet_resources: pack on a duplicate of the whole list, first-fit in pool order.
        private static (bool Met, List<string> Placement) Pack(Resources resources, NodeList nodes, List<string> pool, IResourceMatcher matcher)
        {
            var copy = NodeList.CopyOf(nodes);
            var remaining = resources.TaskCount;
            var placement = new List<string>();
            foreach (var name in pool)
            {
                var node = copy.Find(name)!;
                var perNode = resources.MaxTasksPerNode;
                while (matcher.Meets(node, resources) && remaining > 0 && perNode > 0)
                {
                    node.Allocate(resources);
                    placement.Add(name);
                    perNode--;
                    remaining--;
                }
            }
            return remaining == 0 ? (true, placement) : (false, []);
        }
    }

    /// <summary>The live side of one run: base nodes, the queue and the bookings.</summary>
    private sealed class World
    {
        private readonly List<Node> _nodes;

        public World(IEnumerable<NodeInfo> infos, bool[] enabled)
        {
            _nodes = infos.Select((info, i) => new Node(info, 0, NodeRules.Default, i + 1) { Enabled = enabled[i] }).ToList();
            Bookings = new BookingSystem(new MonitoringOptions { CooldownServedRequests = 15 }, NullLogger<BookingSystem>.Instance);
        }

        public RequestQueue Queue { get; } = new();

        public BookingSystem Bookings { get; }

        public void Add(long id, Resources resources, RequestState state)
        {
            var request = new Request(id, resources, 50);
            request.SetState(state, 60);
            Queue.Append(request);
        }

        public SchedulingContext Context(double now, IResourceMatcher matcher) =>
            new(now, Queue, new MonitoringInfo(NodeList.CopyOf(_nodes), now - 2, null, -1), matcher,
                (resources, jobId, nodes) => throw new InvalidOperationException("PowOn_Requests creates no requests"));

        /// <summary>Between passes: a node may settle (a booked node that came up lets an ATTENDED request be re-evaluated).</summary>
        public void AfterPass(int draw)
        {
            var random = new Random(draw);
            foreach (var node in _nodes)
            {
                if (node.State is NodeState.PowOn && random.Next(2) == 0)
                {
                    node.InitState(NodeState.Idle);
                }
            }
        }
    }

    /// <summary>Any matcher other than <see cref="ResourceMatcher"/>: the scheduler cannot prune by capacity.</summary>
    private sealed class DelegatingMatcher(IResourceMatcher inner) : IResourceMatcher
    {
        public bool Meets(Node node, Resources resources) => inner.Meets(node, resources);
    }
}
