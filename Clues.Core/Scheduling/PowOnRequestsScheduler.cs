using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling;

/// <summary>
/// Powers nodes on for queued requests (CLUES' <c>CLUES_Scheduler_PowOn_Requests</c>, spec §4.2).
/// </summary>
/// <remarks>
/// Requests are evaluated in FIFO order. For each PENDING or BLOCKED request the cases run in order, each
/// packing the request's tasks on a growing pool of nodes:
/// <list type="number">
/// <item>on nodes (IDLE, USED, ON_ERR): SERVED, or BLOCKED if an earlier request is still alive;</item>
/// <item>+ nodes powering on: ATTENDED; then, if MAX_BOOTING_NODES nodes are booting, the whole queue waits;</item>
/// <item>+ enabled OFF nodes already chosen in this pass: ATTENDED;</item>
/// <item>+ the other enabled OFF nodes, in LRMS order: ATTENDED;</item>
/// <item>+ enabled nodes powering off: ATTENDED;</item>
/// <item>otherwise NOT_SERVED (no node could hold a task) or BLOCKED; if an earlier request is alive, the
/// rest of the queue waits instead.</item>
/// </list>
/// Placed OFF/POW_OFF nodes become power-on candidates; the placement is booked so that capacity stays reserved.
/// </remarks>
[CluesPlugin(SchedulerNames.PowOnRequests)]
public sealed partial class PowOnRequestsScheduler(SchedulingOptions options, BookingSystem bookings, ILogger<PowOnRequestsScheduler> logger) : IScheduler
{
    /// <inheritdoc />
    public string Name => "PowOn_Requests";

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        var now = context.Now;
        var localOn = new OrderedCandidates();
        var alive = 0;
        bookings.MakeBooks(context);

        var nodes = context.Monitoring.Nodes;
        var on = nodes.Where(n => n.State is NodeState.Idle or NodeState.Used or NodeState.OnErr).ToList();
        var poweringOn = nodes.Where(n => n.State == NodeState.PowOn).ToList();
        var off = nodes.Where(n => n.Enabled && n.State == NodeState.Off).ToList();
        var poweringOff = nodes.Where(n => n.Enabled && n.State == NodeState.PowOff).ToList();

        foreach (var request in context.Requests)
        {
            if (request.State is RequestState.Pending or RequestState.Blocked)
            {
                var packer = new TaskPacker(request.Resources, context.Matcher);
                RequestState decision;
                int caseNumber;
                if (packer.Walk(on))
                {
                    caseNumber = 1;
                    decision = alive > 0 ? RequestState.Blocked : RequestState.Served;
                }
                else if (packer.Walk(poweringOn))
                {
                    caseNumber = 2;
                    decision = RequestState.Attended;
                }
                else if (options.MaxBootingNodes > 0 && poweringOn.Count + localOn.Count >= options.MaxBootingNodes)
                {
                    packer.Rollback();
                    Log.MaxBootingReached(logger, request.Id, options.MaxBootingNodes);
                    break;
                }
                else if (packer.Walk(off.Where(n => localOn.Contains(n.Name))))
                {
                    caseNumber = 3;
                    decision = RequestState.Attended;
                }
                else if (packer.Walk(off.Where(n => !localOn.Contains(n.Name))))
                {
                    caseNumber = 4;
                    decision = RequestState.Attended;
                }
                else if (packer.Walk(poweringOff))
                {
                    caseNumber = 5;
                    decision = RequestState.Attended;
                }
                else if (alive == 0)
                {
                    // KEEP (spec §14 Q7): BLOCKED with a non-empty pool powers nothing on and reserves nothing.
                    caseNumber = 6;
                    decision = packer.AnyNodeMet ? RequestState.Blocked : RequestState.NotServed;
                    packer.Rollback();
                }
                else
                {
                    packer.Rollback();
                    Log.HeadOfLineWait(logger, request.Id, alive);
                    break;
                }

                if (request.SetState(decision, now))
                {
                    Log.Decided(logger, request.Id, caseNumber, decision.ToDisplay(), Describe(packer.Placement));
                }
                foreach (var node in packer.Placement)
                {
                    if (node.State is NodeState.Off or NodeState.PowOff)
                    {
                        // FIX (spec §14 Q11): CLUES reset the list here and kept only the last request.
                        var motivating = localOn.GetOrAdd(node.Name);
                        if (!motivating.Contains(request))
                        {
                            motivating.Add(request);
                        }
                    }
                }
                bookings.Book(request.Id, packer.Placement.Select(n => n.Name).ToList(), now);
            }
            if (request.State is RequestState.Pending or RequestState.Attended)
            {
                alive++;
            }
        }

        foreach (var name in localOn.Names)
        {
            context.CandidatesOn.Set(name, [.. localOn.RequestsFor(name)]);
        }
        return true;
    }

    private static string Describe(IReadOnlyList<Node> placement) =>
        placement.Count == 0 ? "no nodes" : string.Join(",", placement.Select(n => n.Name));

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "PowOn_Requests: request {Request} case #{Case} -> {State} (placement: {Placement})")]
        public static partial void Decided(ILogger logger, long request, int @case, string state, string placement);

        [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "PowOn_Requests: request {Request} waits: MAX_BOOTING_NODES={Max} nodes are already booting; the rest of the queue waits too")]
        public static partial void MaxBootingReached(ILogger logger, long request, int max);

        [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "PowOn_Requests: request {Request} cannot be placed yet and {Alive} earlier requests are alive; the rest of the queue waits")]
        public static partial void HeadOfLineWait(ILogger logger, long request, int alive);
    }
}
