namespace Clues.Core.HighAvailability;

/// <summary>
/// Set when the host stopped to start again as a standby (its daemon stepped down). Starting again builds every
/// service afresh, so the next term resumes from the database exactly as a restarted process would.
/// </summary>
public sealed class HostRestart
{
    private volatile bool _requested;

    /// <summary>True if the host stopped to be started again.</summary>
    public bool Requested => _requested;

    /// <summary>Asks for the host to be started again once it has stopped.</summary>
    public void Request() => _requested = true;
}
