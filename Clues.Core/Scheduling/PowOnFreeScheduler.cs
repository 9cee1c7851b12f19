using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling;

/// <summary>
/// Keeps EXTRA_SLOTS_FREE slots and EXTRA_NODES_FREE nodes available (CLUES' <c>CLUES_Scheduler_PowOn_Free</c>,
/// spec §4.5): vetoes power-offs first, then powers nodes on, in name order.
/// </summary>
/// <remarks>Runs every EXTRA_NODES_PERIOD seconds, and in any pass that proposes power-offs (so it can veto them).</remarks>
[CluesPlugin(SchedulerNames.PowOnFree)]
public sealed partial class PowOnFreeScheduler : IScheduler
{
    private readonly SchedulingOptions _options;
    private readonly PowerOnRetryPolicy _retries;
    private readonly ILogger<PowOnFreeScheduler> _logger;
    private readonly RepeatedDecisions _kept = new();
    private double _lastRun;

    /// <summary>Creates the scheduler; its period starts now.</summary>
    public PowOnFreeScheduler(SchedulingOptions options, CluesClock clock, ILogger<PowOnFreeScheduler> logger)
    {
        _options = options;
        _retries = new PowerOnRetryPolicy(options);
        _logger = logger;
        _lastRun = clock.Now;
    }

    /// <inheritdoc />
    public string Name => "PowOn_Free";

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        var now = context.Now;
        if (now - _lastRun < _options.ExtraNodesPeriod && context.CandidatesOff.Count == 0)
        {
            return true;
        }
        _lastRun = now;

        double slotsFree = 0;
        var nodesFree = 0;
        var keepable = new List<(double Slots, string Name)>();
        var bootable = new List<(double Slots, string Name)>();
        var proposedOff = new HashSet<string>(context.CandidatesOff, StringComparer.Ordinal);
        foreach (var node in context.Monitoring.Nodes)
        {
            switch (node.State)
            {
                case NodeState.Idle or NodeState.Used or NodeState.OnErr or NodeState.PowOn:
                    var free = Math.Max(0, node.SlotsFreeOriginal);
                    if (proposedOff.Contains(node.Name))
                    {
                        keepable.Add((free, node.Name));
                    }
                    else
                    {
                        slotsFree += free;
                        if (node.State is NodeState.Idle or NodeState.PowOn)
                        {
                            nodesFree++;
                        }
                    }
                    break;
                // FIX (spec §14 Q8): CLUES also picked disabled nodes, which the daemon then refused every period
                // (kept under CLUES23_DECISIONS).
                case NodeState.Off when node.Enabled || _options.Clues23Decisions:
                    bootable.Add((Math.Max(0, node.SlotsCount), node.Name));
                    break;
                // A failed node is bootable once its backoff is over, and never while quarantined.
                case NodeState.OffErr when (node.Enabled || _options.Clues23Decisions) && _retries.MayRetry(node, now):
                    bootable.Add((Math.Max(0, node.SlotsCount), node.Name));
                    break;
            }
        }

        var slotsNeeded = Math.Max(0, _options.ExtraSlotsFree - slotsFree);
        var nodesNeeded = Math.Max(0, _options.ExtraNodesFree - nodesFree);
        var candidates = keepable.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Concat(bootable.OrderBy(c => c.Name, StringComparer.Ordinal));
        foreach (var (slots, name) in candidates)
        {
            if (slotsNeeded <= 0 && nodesNeeded <= 0)
            {
                break;
            }
            slotsNeeded -= slots;
            var state = context.Monitoring.Nodes.Find(name)!.State;
            if (state is NodeState.Idle or NodeState.PowOn or NodeState.Off or NodeState.OffErr)
            {
                nodesNeeded--;
            }
            // CLUES removes one occurrence; every occurrence goes here, since a kept node must not be powered off.
            if (context.CandidatesOff.RemoveAll(n => n == name) > 0)
            {
                Log.Kept(_logger, _kept.LevelFor(name), name, _options.ExtraSlotsFree, _options.ExtraNodesFree);
            }
            else if (!context.CandidatesOn.Contains(name))
            {
                context.CandidatesOn.GetOrAdd(name);
                Log.PoweringOn(_logger, name, _options.ExtraSlotsFree, _options.ExtraNodesFree);
            }
        }
        _kept.EndRun();
        return true;
    }

    private static partial class Log
    {
        // Information when the node starts being kept, Debug while PowOff_IDLE keeps proposing it.
        [LoggerMessage(EventId = 330, Message = "PowOn_Free: keeping node {Node} on to keep EXTRA_SLOTS_FREE={Slots}, EXTRA_NODES_FREE={Nodes} available")]
        public static partial void Kept(ILogger logger, LogLevel level, string node, int slots, int nodes);

        [LoggerMessage(EventId = 331, Level = LogLevel.Information, Message = "PowOn_Free: powering node {Node} on to keep EXTRA_SLOTS_FREE={Slots}, EXTRA_NODES_FREE={Nodes} available")]
        public static partial void PoweringOn(ILogger logger, string node, int slots, int nodes);
    }
}
