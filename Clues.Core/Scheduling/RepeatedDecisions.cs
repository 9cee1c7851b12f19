using Microsoft.Extensions.Logging;

namespace Clues.Core.Scheduling;

/// <summary>
/// Chooses the log level of a scheduler's per-node decision: Information when the decision starts, Debug while the
/// same decision is taken run after run. A node that drops out of a run and comes back is news again.
/// </summary>
/// <remarks>
/// A scheduler runs every few seconds and most of its decisions repeat ("node X is idle, proposing to power it
/// off" while PowOn_Free keeps it on): logged each time, they bury the decisions that changed something.
/// </remarks>
internal sealed class RepeatedDecisions
{
    private HashSet<string> _previous = new(StringComparer.Ordinal);
    private HashSet<string> _current = new(StringComparer.Ordinal);

    /// <summary>The level for <paramref name="node"/>'s decision in the current run.</summary>
    public LogLevel LevelFor(string node) =>
        _current.Add(node) && !_previous.Contains(node) ? LogLevel.Information : LogLevel.Debug;

    /// <summary>Ends a run: the decisions taken in it are the ones the next run repeats.</summary>
    public void EndRun()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }
}
