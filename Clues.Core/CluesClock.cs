namespace Clues.Core;

/// <summary>
/// The daemon clock in CLUES' unit: seconds as a double. Real mode reads Unix time from the <see cref="TimeProvider"/>;
/// the simulator's virtual provider starts at the Unix epoch, so simulated runs start at 0 as in CLUES.
/// </summary>
public sealed class CluesClock(TimeProvider timeProvider)
{
    /// <summary>The underlying time provider.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Seconds since the Unix epoch (or since the start of a simulation).</summary>
    public double Now => TimeProvider is Daemon.VirtualTimeProvider virtualTime
        ? virtualTime.Seconds
        : (TimeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;
}
