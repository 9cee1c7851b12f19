namespace Clues.Core.HighAvailability;

/// <summary>
/// Asked immediately before the daemon acts on the cluster (a power command, a hook): whether this process may
/// still act. With one <c>clues-host</c> it always may; in an active/standby pair only the holder of the lease may.
/// </summary>
public interface IActingFence
{
    /// <summary>True if the action may run now; false if this process must not act (it has stepped down).</summary>
    /// <param name="action">What is about to run, for the log ("power on wn1", "hook POWEREDON").</param>
    bool MayAct(string action);
}

/// <summary>The fence of a single <c>clues-host</c>: every action may run.</summary>
public sealed class AlwaysActing : IActingFence
{
    /// <summary>The one instance.</summary>
    public static AlwaysActing Instance { get; } = new();

    private AlwaysActing()
    {
    }

    /// <inheritdoc />
    public bool MayAct(string action) => true;
}
