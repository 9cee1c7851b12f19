using System.Globalization;
using System.Text;
using Clues.Core.Model;
using Clues.Core.Requests;
using Clues.Core.StateMachine;

namespace Clues.Core.Simulation;

/// <summary>What a simulation run produced: per node state times and power-ons, per request waits, and energy.</summary>
public sealed record SimulationResult
{
    /// <summary>Simulated seconds.</summary>
    public double SimulatedSeconds { get; init; }
    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan WallTime { get; init; }
    /// <summary>Loop events executed.</summary>
    public long Events { get; init; }
    /// <summary>One line per node.</summary>
    public IReadOnlyList<NodeSummary> Nodes { get; init; } = [];
    /// <summary>One line per request made by the trace's jobs.</summary>
    public IReadOnlyList<RequestSummary> Requests { get; init; } = [];
    /// <summary>Jobs that finished.</summary>
    public int JobsFinished { get; init; }
    /// <summary>Jobs submitted.</summary>
    public int JobsSubmitted { get; init; }
    /// <summary>Jobs submitted that never started (still queued when the run ended).</summary>
    public int JobsQueued { get; init; }
    /// <summary>The work the submitted jobs ask for: cores per task x tasks x seconds, summed.</summary>
    public double WorkCoreSeconds { get; init; }
    /// <summary>Cores of all the simulated machines.</summary>
    public double ClusterCores { get; init; }
    /// <summary>Why the run ended before its trace did (every node retired), or null.</summary>
    public string? EndedEarly { get; init; }
    /// <summary>Each node group's peak of nodes on (empty without <c>[group:NAME]</c> sections).</summary>
    public IReadOnlyList<GroupPeak> Groups { get; init; } = [];

    /// <summary>Node-hours with the node not off.</summary>
    public double NodeHoursOn => Nodes.Sum(n => n.SecondsOn) / 3600;
    /// <summary>Node-hours had every node been kept on.</summary>
    public double NodeHoursAlwaysOn => Nodes.Count * SimulatedSeconds / 3600;
    /// <summary>Simulated seconds per wall-clock second.</summary>
    public double Speed => WallTime.TotalSeconds > 0 ? SimulatedSeconds / WallTime.TotalSeconds : double.PositiveInfinity;

    internal static SimulationResult Build(double end, TimeSpan wall, long events, IReadOnlyList<Node> nodes, NodeTimeline timeline,
        IReadOnlyList<(SimJobEvent Event, Request? Request)> requests, IEnumerable<SimJob> jobs, double clusterCores)
    {
        var jobList = jobs.ToList();
        return new SimulationResult
        {
            SimulatedSeconds = end,
            WallTime = wall,
            Events = events,
            Nodes = nodes.Select(n => new NodeSummary(n.Name, timeline.Durations(n, end), timeline.PowerOns(n.Name))).ToList(),
            Requests = requests.Where(r => r.Request is not null).Select(r => new RequestSummary(r.Request!.Id, r.Event.Job.Name,
                r.Request.TimestampCreated, r.Request.State, r.Request.State.IsFinal() ? r.Request.TimestampState : null)).ToList(),
            JobsSubmitted = jobList.Count,
            JobsFinished = jobList.Count(j => j.Finished is not null),
            JobsQueued = jobList.Count(j => j.Started is null),
            WorkCoreSeconds = jobList.Sum(j => j.Cores * j.TaskCount * j.Seconds),
            ClusterCores = clusterCores,
        };
    }

    /// <summary>A readable report.</summary>
    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Simulated {SimulatedSeconds:0.#} s in {WallTime.TotalSeconds:0.###} s of wall time ({Speed:0} x real time, {Events} events)");
        sb.AppendLine(c, $"Jobs: {JobsSubmitted} submitted, {JobsFinished} finished");
        if (EndedEarly is not null)
        {
            sb.AppendLine(c, $"Ended early: {EndedEarly}");
        }
        sb.AppendLine();
        var states = new[] { NodeState.Off, NodeState.PowOn, NodeState.Idle, NodeState.Used, NodeState.PowOff, NodeState.OffErr, NodeState.OnErr, NodeState.Unknown };
        sb.Append("node".PadRight(16));
        foreach (var s in states)
        {
            sb.Append(s.ToDisplay().PadLeft(11));
        }
        sb.AppendLine("  power-ons");
        foreach (var node in Nodes)
        {
            sb.Append(node.Name.PadRight(16));
            foreach (var s in states)
            {
                sb.Append(Duration(node.Seconds.GetValueOrDefault(s)).PadLeft(11));
            }
            sb.AppendLine(node.PowerOns.ToString(c).PadLeft(11));
        }
        sb.AppendLine();
        if (Requests.Count > 0)
        {
            var served = Requests.Where(r => r.Wait is not null).ToList();
            sb.AppendLine(c, $"Requests: {Requests.Count} ({Requests.Count(r => r.State == RequestState.Served)} served, {Requests.Count(r => r.State == RequestState.NotServed)} not served, {Requests.Count(r => !r.State.IsFinal())} still waiting)");
            if (served.Count > 0)
            {
                var waits = served.Select(r => r.Wait!.Value).Order().ToList();
                sb.AppendLine(c, $"Wait until released: min {waits[0]:0.#} s, mean {waits.Average():0.#} s, max {waits[^1]:0.#} s");
            }
            foreach (var r in Requests)
            {
                var after = r.Wait is { } w ? string.Create(c, $" after {w:0.#} s") : "";
                sb.AppendLine(c, $"  request {r.Id} ({r.Job}): created at {r.Created:0.#}, {r.State.ToDisplay()}{after}");
            }
            sb.AppendLine();
        }
        foreach (var g in Groups)
        {
            var max = g.MaxOn > 0 ? string.Create(c, $"MAX_ON {g.MaxOn}") : "no MAX_ON";
            sb.AppendLine(c, $"Group {g.Group}: at most {g.PeakOn} node(s) on or booting at once (MIN_ON {g.MinOn}, {max})");
        }
        if (Groups.Count > 0)
        {
            sb.AppendLine();
        }
        var saved = NodeHoursAlwaysOn > 0 ? 100 * (1 - NodeHoursOn / NodeHoursAlwaysOn) : 0;
        sb.AppendLine(c, $"Energy: {NodeHoursOn:0.##} node-hours powered on, against {NodeHoursAlwaysOn:0.##} with every node always on ({saved:0.#}% saved)");
        return sb.ToString();
    }

    private static string Duration(double seconds) => seconds <= 0 ? "-" :
        seconds < 3600 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s") : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0}h");
}

/// <summary>A node's share of a simulation.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Seconds">Seconds in each state.</param>
/// <param name="PowerOns">Times it was powered on.</param>
public sealed record NodeSummary(string Name, IReadOnlyDictionary<NodeState, double> Seconds, int PowerOns)
{
    /// <summary>Seconds in any state but OFF and OFF_ERR.</summary>
    public double SecondsOn => Seconds.Where(p => p.Key is not (NodeState.Off or NodeState.OffErr)).Sum(p => p.Value);
}

/// <summary>A request's outcome in a simulation.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Job">The job it was made for.</param>
/// <param name="Created">When it was created.</param>
/// <param name="State">Its last state.</param>
/// <param name="Released">When it reached a final state, if it did.</param>
public sealed record RequestSummary(long Id, string Job, double Created, RequestState State, double? Released)
{
    /// <summary>Seconds from creation to a final state.</summary>
    public double? Wait => Released - Created;
}
