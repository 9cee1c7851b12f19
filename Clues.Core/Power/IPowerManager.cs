using Clues.Core.Model;
using Clues.Core.Plugins;

namespace Clues.Core.Power;

/// <summary>
/// The contract of a power manager plugin: it switches worker nodes on and off (CLUES'
/// <c>clueslib.platform.PowerManager</c>): IPMI, Wake-on-LAN, a command line, a cloud API, docker-machine...
/// </summary>
/// <remarks>
/// <para>
/// Members are called from the daemon's control loop, one at a time. Each power call runs under a timeout
/// (<c>[general] TIMEOUT_COMMANDS</c>) through the token passed in; a call that throws or times out counts as a
/// failed action (the node goes to OFF_ERR or ON_ERR and the recovery pass retries it later). A success only
/// means the action was started: the node is believed on or off when the LRMS reports it so (after
/// <c>DELAY_POWON</c>/<c>DELAY_POWOFF</c>, at most <c>MAX_WAIT_POWERON</c>/<c>MAX_WAIT_POWEROFF</c>).
/// </para>
/// <para>
/// Created once at start-up, like <see cref="Lrms.ILrmsPlugin"/>, and selected by <c>[general] POWERMANAGER_CLASS</c>.
/// </para>
/// </remarks>
public interface IPowerManager
{
    /// <summary>Called once at start-up to give the plugin the daemon's view.</summary>
    void Attach(ICluesSystem system) { }

    /// <summary>Starts powering <paramref name="node"/> on.</summary>
    /// <returns>Success and the node really switched (usually <paramref name="node"/>).</returns>
    Task<PowerResult> PowerOnAsync(string node, CancellationToken cancellationToken);

    /// <summary>Starts powering <paramref name="node"/> off.</summary>
    /// <returns>Success and the node really switched (usually <paramref name="node"/>).</returns>
    Task<PowerResult> PowerOffAsync(string node, CancellationToken cancellationToken);

    /// <summary>Periodic housekeeping, after the LRMS lifecycle. Default: nothing.</summary>
    Task<bool> LifecycleAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
