using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Config.Schema;
using Clues.Core.Explain;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Clues.Core.StateMachine;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling.EnergyAware;

/// <summary>
/// Powers idle nodes off from what can be known at the moment (<c>clueslib.schedulers.Energy_Aware</c>, in place of
/// PowOff_IDLE). The break-even time of a node is the idle time that costs as much as powering it off and on again:
/// its shutdown and boot times as the daemon measured them, weighted by the power figures when configured. With
/// work arriving at r slots per second (over the last <c>HISTORY</c> seconds), the i-th idle slot is expected to be
/// taken after i / r seconds, so the first r x break-even idle slots are worth keeping on: that is the reserve. Every
/// other idle node is powered off once it has been idle for its break-even time times <c>IDLE_FACTOR</c>: with the
/// default 1, the ski-rental rule (whatever the future holds, a node never costs more than twice what the best
/// choice in hindsight would have).
/// </summary>
/// <remarks>
/// The freshest idle nodes form the reserve and the longest idle ones are powered off first: a node that stayed idle
/// while work came and went is the one least likely to be needed. A node with capacity booked in this pass, chosen
/// to be powered on, disabled, or powered on less than COOLDOWN_NODES ago is left alone. With <c>SPARE_POWER_ON</c>
/// it also boots spare nodes with a request that powers several on (see <see cref="SparePowerOns"/>).
/// </remarks>
[CluesPlugin(PluginName)]
[ConfigSection<EnergyAwareOptions>]
public sealed partial class EnergyAwareScheduler : IScheduler, IPowerOffExplainer
{
    /// <summary>The name for <c>SCHEDULER_CLASSES</c>.</summary>
    public const string PluginName = "clueslib.schedulers.Energy_Aware";

    private readonly EnergyAwareOptions _options;
    private readonly SchedulingOptions _scheduling;
    private readonly ILogger<EnergyAwareScheduler> _logger;
    private readonly ArrivalHistory _arrivals;
    private readonly PowerTimings _timings;
    private readonly BootOutcomes _boots = new();
    private readonly HashSet<long> _sparesConsidered = [];
    private readonly RepeatedDecisions _proposals = new();
    private readonly RepeatedDecisions _reserved = new();
    private Dictionary<string, IdleDecision> _decisions = new(StringComparer.Ordinal);
    private long _lastRequestId = long.MinValue;

    /// <summary>Creates the scheduler from <c>[ENERGY_AWARE]</c> and <c>[scheduling]</c>.</summary>
    public EnergyAwareScheduler(CluesConfig config, SchedulingOptions scheduling, ILogger<EnergyAwareScheduler> logger)
        : this(EnergyAwareOptions.Read(config), scheduling, logger)
    {
    }

    /// <summary>Creates the scheduler with its options.</summary>
    public EnergyAwareScheduler(EnergyAwareOptions options, SchedulingOptions scheduling, ILogger<EnergyAwareScheduler> logger)
    {
        _options = options;
        _scheduling = scheduling;
        _logger = logger;
        _arrivals = new ArrivalHistory(options.History);
        _timings = new PowerTimings(options.BootTime, options.ShutdownTime);
    }

    /// <inheritdoc />
    public string Name => "Energy_Aware";

    /// <summary>The idle slots kept on in the last pass.</summary>
    public double ReserveSlots { get; private set; }

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        var now = context.Now;
        RecordArrivals(context);
        _timings.Update(context.Monitoring.Nodes);
        _boots.Update(context.Monitoring.Nodes);
        var rate = _arrivals.Rate(now);
        var breakEven = _options.BreakEven(_timings.MeanBoot, _timings.MeanShutdown);
        if (_options.SparePowerOn)
        {
            // A spare costs a power cycle and the idle tail it serves before it goes off again.
            var spareCost = breakEven * (1 + _options.IdleFactor);
            if (_sparesConsidered.Count > 4096)
            {
                _sparesConsidered.IntersectWith(context.Requests.Select(r => r.Id));
            }
            foreach (var (node, request) in SparePowerOns.Add(context, _boots.FailureRate, _boots.MeanFailedBootSeconds, spareCost,
                _scheduling.MaxBootingNodes, _sparesConsidered))
            {
                Log.Spare(_logger, node, request.Id, _boots.FailureRate * 100, _boots.Failed, _boots.Booted + _boots.Failed);
            }
        }
        var target = rate * breakEven * _options.ReserveFactor;
        ReserveSlots = target;

        var onSince = now - _scheduling.CooldownNodes;
        var idle = new List<Node>();
        foreach (var node in context.Monitoring.Nodes)
        {
            if (node.Enabled && node.State == NodeState.Idle && node.SlotsFree >= node.SlotsFreeOriginal
                && !context.CandidatesOn.Contains(node.Name))
            {
                idle.Add(node);
            }
        }
        // Freshest first: they fill the reserve; the longest idle are powered off first.
        idle.Sort((a, b) => b.TimestampState.CompareTo(a.TimestampState));

        var decisions = new Dictionary<string, IdleDecision>(idle.Count, StringComparer.Ordinal);
        double kept = 0;
        var keptNodes = 0;
        foreach (var node in idle)
        {
            var nodeBreakEven = BreakEven(node.Name);
            var idleFor = now - node.TimestampState;
            if (kept < target && (_options.MaxReserveNodes == 0 || keptNodes < _options.MaxReserveNodes))
            {
                kept += Math.Max(0, node.SlotsFree);
                keptNodes++;
                decisions[node.Name] = new IdleDecision(IdleOutcome.Reserve, target, rate, breakEven);
                Log.Reserved(_logger, _reserved.LevelFor(node.Name), node.Name, target, rate * 3600, breakEven);
            }
            else if (idleFor > nodeBreakEven && node.TimestampPoweredOn < onSince)
            {
                decisions[node.Name] = new IdleDecision(IdleOutcome.PowerOff, target, rate, breakEven);
                Log.PastBreakEven(_logger, _proposals.LevelFor(node.Name), node.Name, idleFor, nodeBreakEven);
                context.CandidatesOff.Add(node.Name);
            }
            else
            {
                decisions[node.Name] = new IdleDecision(IdleOutcome.Wait, target, rate, breakEven);
            }
        }
        _decisions = decisions;
        _proposals.EndRun();
        _reserved.EndRun();
        return true;
    }

    /// <inheritdoc />
    public Explanation? ExplainIdle(Node node, double now)
    {
        var idleFor = now - node.TimestampState;
        if (_decisions.TryGetValue(node.Name, out var decision) && decision.Outcome == IdleOutcome.Reserve)
        {
            return Explain(NodeReason.KeptInReserve,
                $"idle for {idleFor:0} s, kept in the reserve of {decision.Target:0.##} idle slot(s): {decision.Rate * 3600:0.##} slots/h requested over the last {_options.History:0} s x break-even time {decision.BreakEven:0} s x RESERVE_FACTOR {_options.ReserveFactor:0.##}");
        }
        // Not decided in the last pass (idle since), or waiting for its break-even time: the same rule, now.
        var breakEven = BreakEven(node.Name);
        if (idleFor <= breakEven)
        {
            return Explain(NodeReason.BelowBreakEven,
                $"idle for {idleFor:0} s, not more than its break-even time ({breakEven:0} s, from its boot and shutdown times): {breakEven - idleFor:0} s to go");
        }
        return node.TimestampPoweredOn < now - _scheduling.CooldownNodes
            ? Explain(NodeReason.DueForPowerOff, $"idle for {idleFor:0} s, more than its break-even time ({breakEven:0} s): the next scheduling pass powers it off")
            : null; // COOLDOWN_NODES: the daemon's own rule says so
    }

    private double BreakEven(string node) =>
        _options.BreakEven(_timings.Boot(node), _timings.Shutdown(node)) * _options.IdleFactor;

    private static Explanation Explain(NodeReason reason, FormattableString text) =>
        new(DecisionExplainer.Code(reason.ToString()), text.ToString(CultureInfo.InvariantCulture));

    private void RecordArrivals(SchedulingContext context)
    {
        var newest = _lastRequestId;
        foreach (var request in context.Requests)
        {
            if (request.Id > _lastRequestId)
            {
                var resources = request.Resources;
                _arrivals.Add(request.TimestampCreated, Math.Max(0, resources.Slots) * Math.Max(1, resources.TaskCount), request.JobId);
                newest = Math.Max(newest, request.Id);
            }
        }
        _lastRequestId = newest;
    }

    private enum IdleOutcome
    {
        Reserve,
        Wait,
        PowerOff,
    }

    // BreakEven: the cluster's mean break-even time the reserve was sized with.
    private sealed record IdleDecision(IdleOutcome Outcome, double Target, double Rate, double BreakEven);

    private static partial class Log
    {
        [LoggerMessage(EventId = 340, Message = "Energy_Aware: node {Node} has been idle for {Seconds:0} s, more than its break-even time ({BreakEven:0} s); proposing to power it off")]
        public static partial void PastBreakEven(ILogger logger, LogLevel level, string node, double seconds, double breakEven);

        [LoggerMessage(EventId = 341, Message = "Energy_Aware: keeping idle node {Node} in the reserve of {Reserve:0.##} slot(s) ({Rate:0.##} slots/h requested x {BreakEven:0} s break-even)")]
        public static partial void Reserved(ILogger logger, LogLevel level, string node, double reserve, double rate, double breakEven);

        [LoggerMessage(EventId = 342, Level = LogLevel.Information, Message = "Energy_Aware: powering on node {Node} as a spare for request {Request}: {Rate:0.#} % of power-ons failed ({Failed} of {Seen})")]
        public static partial void Spare(ILogger logger, string node, long request, double rate, int failed, int seen);
    }
}
