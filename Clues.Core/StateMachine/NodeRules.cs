using Clues.Core.Config;
using Clues.Core.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Core.StateMachine;

/// <summary>What every daemon node shares: the timers of <c>[monitoring]</c>, the hooks and the logger.</summary>
/// <param name="Timings">DELAY_POWON, MAX_WAIT_POWERON, TIME_OFF_GLITCH_DETECTION... (spec §2.8).</param>
/// <param name="Hooks">The side effects of accepted changes; null for scheduler copies.</param>
/// <param name="Logger">Where state changes are explained.</param>
public sealed record NodeRules(MonitoringOptions Timings, INodeHooks? Hooks, ILogger Logger)
{
    /// <summary>Called after every state change of a daemon node (old state, new state, time); used by the simulator's summary.</summary>
    public Action<Node, NodeState, double>? StateChanged { get; init; }

    /// <summary>Rules with default timings, no hooks and no logging (tests, scheduler copies).</summary>
    public static NodeRules Default { get; } = new(new MonitoringOptions(), null, NullLogger.Instance);
}
