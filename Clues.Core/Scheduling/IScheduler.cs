namespace Clues.Core.Scheduling;

/// <summary>
/// One link of the scheduler chain (CLUES' <c>CLUES_Scheduler</c>). Every <c>[scheduling] PERIOD_SCHEDULE</c>
/// seconds the daemon runs the chain in the order of <c>SCHEDULER_CLASSES</c>; each scheduler reads the pass'
/// private node copy and the live request queue and proposes nodes to power on or off.
/// </summary>
/// <remarks>
/// <para>
/// Schedulers decide; they never act. They add to <see cref="SchedulingContext.CandidatesOn"/> and
/// <see cref="SchedulingContext.CandidatesOff"/>, and after the whole chain ran the daemon powers off every
/// off-candidate, then powers on every on-candidate. Later schedulers see, and may edit, what earlier ones
/// proposed. Schedulers may change request states, append requests, and reserve capacity on the node copy
/// (<see cref="StateMachine.Node.Allocate"/>) for the schedulers after them.
/// </para>
/// <para>
/// Called on the control loop, never concurrently; must not block (no I/O). A scheduler that throws is logged
/// and the rest of the chain still runs. A public constructor may take the options classes
/// (<see cref="Config.SchedulingOptions"/>, <see cref="Config.MonitoringOptions"/>), <see cref="Config.CluesConfig"/>,
/// <see cref="TimeProvider"/> and <see cref="Microsoft.Extensions.Logging.ILogger{T}"/>.
/// </para>
/// </remarks>
public interface IScheduler
{
    /// <summary>A short name for logs.</summary>
    string Name { get; }

    /// <summary>Runs this scheduler for one pass.</summary>
    /// <returns>False if it could not do its job (only logged, as in CLUES).</returns>
    bool Schedule(SchedulingContext context);
}
