using Clues.Core.Explain;
using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// A scheduler that decides power-offs by rules of its own (in place of PowOff_IDLE's IDLE_TIME) and so says itself
/// why an idle node is still on, for <c>clues status --why</c>, the API and the status page.
/// </summary>
public interface IPowerOffExplainer
{
    /// <summary>
    /// Why the idle, enabled, unbooked <paramref name="node"/> is on at <paramref name="now"/>, from the scheduler's last
    /// pass; null when the scheduler has nothing to say (the daemon's own rules then explain it).
    /// </summary>
    Explanation? ExplainIdle(Node node, double now);
}
