using Clues.Core;
using Clues.Core.Config;
using Clues.Core.Daemon;
using Clues.Core.Requests;
using Clues.Core.Requirements;
using Clues.Core.Scheduling;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Tests.Common.Builders;

/// <summary>
/// A hand-built scheduling situation: nodes, the request queue, the job list, the options, and one booking system
/// shared by every pass (as the daemon's is). <see cref="Pass"/> builds the context of one scheduling pass; the
/// schedulers get a <see cref="NodeList"/> of the current nodes (not copies, so tests can see reservations).
/// </summary>
internal sealed class SchedulingScenario
{
    private readonly List<Node> _nodes = [];
    private long _nextId = 1000;

    /// <summary>Creates a scenario with default options and the real resource matcher.</summary>
    public SchedulingScenario()
    {
        Bookings = new BookingSystem(Monitoring, NullLogger<BookingSystem>.Instance);
    }

    /// <summary>The <c>[monitoring]</c> options (the matcher and the booking system read them when used).</summary>
    public MonitoringOptions Monitoring { get; } = new();
    /// <summary>The <c>[scheduling]</c> options the schedulers are built with.</summary>
    public SchedulingOptions Scheduling { get; } = new();
    /// <summary>The live request queue.</summary>
    public RequestQueue Requests { get; } = new();
    /// <summary>The live job list (null: jobs are not monitored).</summary>
    public JobList? Jobs { get; set; }
    /// <summary>When the nodes were last monitored.</summary>
    public double NodesTimestamp { get; set; }
    /// <summary>When the jobs were last monitored.</summary>
    public double JobsTimestamp { get; set; }
    /// <summary>The booking system shared by every pass.</summary>
    public BookingSystem Bookings { get; }
    /// <summary>The matcher every pass uses, as the daemon's one; null (default) makes a new one per pass from <see cref="Monitoring"/>.</summary>
    public IResourceMatcher? Matcher { get; set; }
    /// <summary>The current nodes, in LRMS order.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>Replaces the nodes (a new monitoring result).</summary>
    public SchedulingScenario WithNodes(params NodeBuilder[] nodes)
    {
        _nodes.Clear();
        _nodes.AddRange(nodes.Select(n => n.Build()));
        return this;
    }

    /// <summary>Appends requests to the queue and returns the last one.</summary>
    public Request Queue(params RequestBuilder[] requests)
    {
        Request? last = null;
        foreach (var builder in requests)
        {
            last = builder.Build();
            Requests.Append(last);
        }
        return last ?? throw new ArgumentException("no request", nameof(requests));
    }

    /// <summary>Adds a job to the job list (creating the list).</summary>
    public Request AddJob(RequestBuilder job)
    {
        var request = job.Build();
        (Jobs ??= new JobList()).Append(request);
        return request;
    }

    /// <summary>The context of a pass at <paramref name="now"/>.</summary>
    public SchedulingContext Pass(double now)
    {
        var monitoring = new MonitoringInfo(new NodeList(_nodes), NodesTimestamp, Jobs, JobsTimestamp);
        var matcher = Matcher ?? new ResourceMatcher(Monitoring, new RequirementEvaluator());
        return new SchedulingContext(now, Requests, monitoring, matcher,
            (resources, jobId, nodes) => new Request(_nextId++, resources, now, jobId, nodes));
    }

    /// <summary>The node called <paramref name="name"/>.</summary>
    public Node Node(string name) => _nodes.Single(n => n.Name == name);

    /// <summary>A PowOn_Requests scheduler on the shared booking system.</summary>
    public PowOnRequestsScheduler PowOnRequests() => new(Scheduling, Bookings, NullLogger<PowOnRequestsScheduler>.Instance);

    /// <summary>A PowOff_IDLE scheduler.</summary>
    public PowOffIdleScheduler PowOffIdle() => new(Scheduling, NullLogger<PowOffIdleScheduler>.Instance);

    /// <summary>A Reconsider_Jobs scheduler.</summary>
    public ReconsiderJobsScheduler ReconsiderJobs() => new(Scheduling, NullLogger<ReconsiderJobsScheduler>.Instance);

    /// <summary>A PowOn_Free scheduler created at <paramref name="createdAt"/> (its period starts then).</summary>
    public PowOnFreeScheduler PowOnFree(double createdAt = 0)
    {
        var time = new VirtualTimeProvider();
        time.JumpTo(createdAt);
        return new PowOnFreeScheduler(Scheduling, new CluesClock(time), NullLogger<PowOnFreeScheduler>.Instance);
    }

    /// <summary>Runs <paramref name="scheduler"/> for one pass at <paramref name="now"/> and returns the pass context.</summary>
    public SchedulingContext Run(IScheduler scheduler, double now)
    {
        var context = Pass(now);
        scheduler.Schedule(context);
        return context;
    }
}
