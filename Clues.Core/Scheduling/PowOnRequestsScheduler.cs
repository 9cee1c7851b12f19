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
/// Requirement results are kept from one pass to the next (<see cref="RequirementResultCache"/>), so one instance runs
/// one pass at a time, as the daemon's control loop does.
/// </remarks>
[CluesPlugin(SchedulerNames.PowOnRequests)]
public sealed partial class PowOnRequestsScheduler(SchedulingOptions options, BookingSystem bookings, ILogger<PowOnRequestsScheduler> logger) : IScheduler
{
    private readonly RequirementResultCache _requirementResults = new();

    /// <inheritdoc />
    public string Name => "PowOn_Requests";

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        var now = context.Now;
        var localOn = new PowerOnCandidates(context.Monitoring.Nodes.Count);
        var alive = 0;
        bookings.MakeBooks(context);

        // The pools are built once per pass and kept current as tasks are placed (CLUES re-filtered the whole
        // node list for every request and case); the decisions are the same, see TaskPacker and PoolIndex.
        _requirementResults.BeginPass(context.Matcher);
        // Built at the first request to place: most passes have none, and the index is most of a pass's work.
        PoolIndex? pools = null;
        TaskPacker? packer = null;
        var poweringOn = 0;
        var logDecisions = logger.IsEnabled(LogLevel.Information);

        foreach (var request in context.Requests)
        {
            if (request.State is RequestState.Pending or RequestState.Blocked)
            {
                if (pools is null)
                {
                    pools = new PoolIndex(context.Monitoring.Nodes, context.Matcher, _requirementResults);
                    poweringOn = pools.Count(PoolKind.PowOn);
                    packer = new TaskPacker(pools);
                }
                packer!.Reset(request.Resources);
                RequestState decision;
                int caseNumber;
                if (packer.Walk(PoolKind.On))
                {
                    caseNumber = 1;
                    decision = alive > 0 ? RequestState.Blocked : RequestState.Served;
                }
                else if (packer.Walk(PoolKind.PowOn))
                {
                    caseNumber = 2;
                    decision = RequestState.Attended;
                }
                else if (options.MaxBootingNodes > 0 && poweringOn + localOn.Count >= options.MaxBootingNodes)
                {
                    packer.Rollback();
                    Log.MaxBootingReached(logger, request.Id, options.MaxBootingNodes);
                    break;
                }
                else if (packer.Walk(PoolKind.OffChosen))
                {
                    caseNumber = 3;
                    decision = RequestState.Attended;
                }
                else if (packer.Walk(PoolKind.OffOther))
                {
                    caseNumber = 4;
                    decision = RequestState.Attended;
                }
                else if (packer.Walk(PoolKind.PowOff))
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

                if (request.SetState(decision, now) && logDecisions)
                {
                    Log.Decided(logger, request.Id, caseNumber, decision.ToDisplay(), Describe(packer.Placement));
                }
                var placed = new string[packer.Placement.Count];
                for (var i = 0; i < placed.Length; i++)
                {
                    placed[i] = packer.Placement[i].Name;
                }
                for (var i = 0; i < packer.Nodes.Count; i++)
                {
                    var node = packer.Nodes[i];
                    if (node.Pool is PoolKind.OffChosen or PoolKind.OffOther or PoolKind.PowOff)
                    {
                        // FIX (spec §14 Q11): CLUES reset the list here and kept only the last request.
                        localOn.Add(pools.OrdinalAt(node.Pool, node.Position), request);
                        pools.Choose(node.Pool, node.Position);
                    }
                }
                bookings.Book(request.Id, placed, now);
            }
            if (request.State is RequestState.Pending or RequestState.Attended)
            {
                alive++;
            }
        }

        localOn.CopyTo(context.CandidatesOn, context.Monitoring.Nodes);
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
