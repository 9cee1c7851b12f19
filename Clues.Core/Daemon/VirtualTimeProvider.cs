namespace Clues.Core.Daemon;

/// <summary>
/// A clock that only moves when the event loop jumps it to the next due event: the simulator's virtual time.
/// It starts at the Unix epoch, so the daemon clock reads 0 at the start of a simulation, as in CLUES.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves time forward to <paramref name="seconds"/> since the start (never backwards).</summary>
    public void JumpTo(double seconds)
    {
        var target = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(seconds);
        if (target > _now)
        {
            _now = target;
        }
    }
}
