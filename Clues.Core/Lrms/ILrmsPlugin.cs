using Clues.Core.Model;
using Clues.Core.Plugins;

namespace Clues.Core.Lrms;

/// <summary>
/// The contract of a Local Resource Management System plugin: it tells CLUES which worker nodes exist, how busy
/// they are and which jobs wait (CLUES' <c>clueslib.platform.LRMS</c>).
/// </summary>
/// <remarks>
/// <para>
/// All members are called from the daemon's single control loop, one at a time, never concurrently. Each call
/// runs under a timeout (<c>[general] TIMEOUT_COMMANDS</c>); the token passed in is cancelled when it expires or
/// when the host stops. A plugin that throws, or does not finish in time, is reported as a monitoring failure:
/// the loop goes on and CLUES' grace period (<c>PERIOD_MONITORING_NODES_FAIL_GRACE</c>) applies. Never report a
/// failure as an empty list: an empty list means "no nodes", and every known node then becomes UNKNOWN.
/// </para>
/// <para>
/// A plugin is created once at start-up. Its public constructor may take <see cref="Config.CluesConfig"/>
/// (to read its own INI section), <see cref="Microsoft.Extensions.Logging.ILogger{T}"/>, <see cref="TimeProvider"/>
/// and any other service registered in the host. It is selected by <c>[general] LRMS_CLASS</c>, either by its
/// .NET type name or by a <see cref="CluesPluginAttribute"/> alias such as <c>cluesplugins.slurm</c>.
/// </para>
/// </remarks>
public interface ILrmsPlugin
{
    /// <summary>An id for logs, for example <c>SLURM_server01</c>.</summary>
    string Id { get; }

    /// <summary>Called once, before the first monitoring pass, to give the plugin the daemon's view.</summary>
    void Attach(ICluesSystem system) { }

    /// <summary>
    /// Reports every worker node in the LRMS order (the order decides which nodes are powered on first).
    /// Called every <c>[monitoring] PERIOD_MONITORING_NODES</c> seconds.
    /// </summary>
    /// <returns>The nodes; each name once.</returns>
    /// <exception cref="Exception">Any exception means "monitoring failed this time".</exception>
    Task<IReadOnlyList<NodeInfo>> GetNodesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reports the LRMS jobs (queued and running). Called every <c>[monitoring] PERIOD_MONITORING_JOBS</c> seconds
    /// when that period is positive. The default reports no jobs.
    /// </summary>
    /// <exception cref="Exception">Any exception means "job monitoring failed this time".</exception>
    Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobInfo>>([]);

    /// <summary>
    /// Called right after the power manager powered <paramref name="node"/> on, for LRMS-side work such as
    /// resuming the node. Returning false turns the power-on into a failure (the node goes to OFF_ERR). Also called,
    /// its result ignored, when a power-off the LRMS had prepared (<see cref="PreparePowerOffAsync"/>) failed in the
    /// power manager: the node is still on and goes back in service.
    /// </summary>
    Task<bool> PowerOnAsync(string node, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>
    /// Called before the power manager is asked to power <paramref name="node"/> off, so that the LRMS can take the
    /// node out of service first and make sure no job is killed (Slurm drain, Kubernetes cordon). Returning false
    /// refuses the power-off: the power manager is not called, the power-off counts as failed (the node goes to
    /// ON_ERR) and the node stays on. The default accepts at once.
    /// </summary>
    /// <remarks>
    /// A plugin that took the node out of service and then finds work on it should put the node back in service
    /// before it returns false. If it returns true and the power manager then fails, the node is still on: the daemon
    /// calls <see cref="PowerOnAsync"/> for it, which is where the node goes back in service. Throwing or timing out
    /// counts as false.
    /// </remarks>
    Task<bool> PreparePowerOffAsync(string node, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>
    /// Called right after the power manager powered <paramref name="node"/> off. Returning false turns the
    /// power-off into a failure (the node goes to ON_ERR).
    /// </summary>
    Task<bool> PowerOffAsync(string node, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Periodic housekeeping, every <c>[monitoring] PERIOD_LIFECYCLE</c> seconds. Default: nothing.</summary>
    /// <returns>Whether the power manager's lifecycle should run after it.</returns>
    Task<bool> LifecycleAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
