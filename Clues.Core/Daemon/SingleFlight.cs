namespace Clues.Core.Daemon;

/// <summary>
/// One plugin call of a kind at a time (node report, job report, lifecycle): a period that comes while the
/// previous call is still out is skipped, so a slow plugin is never asked twice at once.
/// </summary>
internal sealed class SingleFlight(string name)
{
    /// <summary>What the call is, for logs and event names.</summary>
    public string Name { get; } = name;

    /// <summary>Whether a call is out.</summary>
    public bool Busy { get; private set; }

    /// <summary>Starts the call unless one is out; its result is applied on the loop (at once if it answered at once).</summary>
    /// <returns>False if the previous call is still out and nothing was started.</returns>
    public bool TryRun<T>(EventLoop loop, Func<Task<T>> start, Action<T> apply, out ValueTask step)
    {
        if (Busy)
        {
            step = ValueTask.CompletedTask;
            return false;
        }
        Busy = true;
        step = loop.ContinueWith(start(), Name, result =>
        {
            Busy = false;
            apply(result);
            return ValueTask.CompletedTask;
        }, () => Busy = false);
        return true;
    }
}
