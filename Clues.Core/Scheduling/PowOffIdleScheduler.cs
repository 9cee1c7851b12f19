using Clues.Core.Config;
using Clues.Core.Model;
using Clues.Core.Plugins;
using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling;

/// <summary>
/// Proposes to power off every enabled node that has been IDLE for longer than IDLE_TIME and on for longer than
/// COOLDOWN_NODES (CLUES' <c>CLUES_Scheduler_PowOff_IDLE</c>, spec §4.4). Both comparisons are strict.
/// </summary>
[CluesPlugin(SchedulerNames.PowOffIdle)]
public sealed partial class PowOffIdleScheduler(SchedulingOptions options, ILogger<PowOffIdleScheduler> logger) : IScheduler
{
    private readonly RepeatedDecisions _proposals = new();

    /// <inheritdoc />
    public string Name => "PowOff_IDLE";

    /// <inheritdoc />
    public bool Schedule(SchedulingContext context)
    {
        var idleSince = context.Now - options.IdleTime;
        var onSince = context.Now - options.CooldownNodes;
        foreach (var node in context.Monitoring.Nodes)
        {
            if (node.Enabled && node.State == NodeState.Idle && node.TimestampPoweredOn < onSince && node.TimestampState < idleSince)
            {
                Log.Idle(logger, _proposals.LevelFor(node.Name), node.Name, context.Now - node.TimestampState, options.IdleTime);
                context.CandidatesOff.Add(node.Name);
            }
        }
        _proposals.EndRun();
        return true;
    }

    private static partial class Log
    {
        // Information when the proposal starts, Debug while it repeats (another scheduler may keep the node on).
        [LoggerMessage(EventId = 320, Message = "PowOff_IDLE: node {Node} has been idle for {Seconds:0} s (IDLE_TIME={IdleTime}); proposing to power it off")]
        public static partial void Idle(ILogger logger, LogLevel level, string node, double seconds, int idleTime);
    }
}
