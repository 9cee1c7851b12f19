namespace Clues.Core.Daemon;

/// <summary>
/// A clock that only moves when the event loop jumps it to the next due event: the simulator's virtual time.
/// It starts at the Unix epoch, so the daemon clock reads 0 at the start of a simulation, as in CLUES.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    /// <summary>
    /// The exact time in seconds since the start. The daemon clock reads this rather than <see cref="GetUtcNow"/>,
    /// whose tick resolution would leave the loop just short of an event due at a fractional second.
    /// </summary>
    public double Seconds { get; private set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)Math.Ceiling(Seconds * TimeSpan.TicksPerSecond));

    /// <summary>Moves time forward to <paramref name="seconds"/> since the start (never backwards).</summary>
    public void JumpTo(double seconds)
    {
        if (seconds > Seconds)
        {
            Seconds = seconds;
        }
    }
}
