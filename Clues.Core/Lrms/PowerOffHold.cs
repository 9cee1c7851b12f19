namespace Clues.Core.Lrms;

/// <summary>
/// A batch system's way of keeping new jobs off a node before CLUES powers it off (Slurm's drain, Torque's offline
/// mark, Grid Engine's disabled queues), as <see cref="PowerOffHold.PrepareAsync"/> uses it.
/// </summary>
public interface IPowerOffHold
{
    /// <summary>Puts the hold on <paramref name="node"/>; a command failure (<see cref="IsCommandFailure"/>) refuses the power-off.</summary>
    Task HoldAsync(string node, CancellationToken cancellationToken);

    /// <summary>Why a job may still run on <paramref name="node"/> once it is held, or null when none does.</summary>
    Task<string?> WhyBusyAsync(string node, CancellationToken cancellationToken);

    /// <summary>Lifts the hold after a refusal. The token is never the caller's, so that no hold is left behind.</summary>
    Task ReleaseAsync(string node, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> is one of the batch system's commands failing.</summary>
    bool IsCommandFailure(Exception exception);

    /// <summary>Whether <paramref name="exception"/> says a command's output could not be read.</summary>
    bool IsUnreadableOutput(Exception exception);

    /// <summary>The node is held and idle: the power-off goes ahead.</summary>
    void OnHeld(string node);

    /// <summary>The hold could not be put on: the power-off is refused.</summary>
    void OnHoldFailed(string node, string message);

    /// <summary>A job may still run there (or its state cannot be read): the hold is lifted and the power-off refused.</summary>
    void OnStaysOn(string node, string reason);

    /// <summary>Lifting the hold after a refusal failed.</summary>
    void OnReleaseFailed(string node, string message);
}

/// <summary>
/// The step before a power-off that the batch-system plugins share: hold the node so that nothing new starts there,
/// check that nothing runs there, and when something does, or the check cannot tell, lift the hold and refuse, so that
/// no job is killed and no node is left held.
/// </summary>
public static class PowerOffHold
{
    /// <summary>The hold, check and undo for <see cref="ILrmsPlugin.PreparePowerOffAsync"/>.</summary>
    /// <returns>True when the node is held and idle; false when the power-off is refused.</returns>
    public static async Task<bool> PrepareAsync(IPowerOffHold hold, string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        try
        {
            await hold.HoldAsync(node, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (hold.IsCommandFailure(ex))
        {
            hold.OnHoldFailed(node, ex.Message);
            return false;
        }

        string? busy;
        try
        {
            busy = await hold.WhyBusyAsync(node, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (hold.IsCommandFailure(ex) || hold.IsUnreadableOutput(ex))
        {
            busy = "its state cannot be read: " + ex.Message;
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(hold, node).ConfigureAwait(false);
            throw;
        }
        if (busy is null)
        {
            hold.OnHeld(node);
            return true;
        }
        hold.OnStaysOn(node, busy);
        await ReleaseAsync(hold, node).ConfigureAwait(false);
        return false;
    }

    private static async Task ReleaseAsync(IPowerOffHold hold, string node)
    {
        try
        {
            // Not the caller's token, which may be the one that just expired: the hold must not be left behind. The
            // command's own timeout still bounds it.
            await hold.ReleaseAsync(node, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (hold.IsCommandFailure(ex))
        {
            hold.OnReleaseFailed(node, ex.Message);
        }
    }
}
