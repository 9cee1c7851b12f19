namespace Clues.Tests.E2E;

/// <summary>
/// Every sample of the nodes' states from one source (CLUES' JSON API, Swarm, Slurm), in time order and thread-safe,
/// so a test can assert on the whole history, not only on the last look.
/// </summary>
internal sealed class NodeHistory
{
    private readonly List<NodeSample> _samples = [];
    private readonly Lock _lock = new();

    /// <summary>Every sample so far.</summary>
    public IReadOnlyList<NodeSample> Samples { get { lock (_lock) { return [.. _samples]; } } }

    /// <summary>
    /// Samples <paramref name="read"/> every <paramref name="period"/> until cancelled; a failed read (null) is skipped.
    /// Each sample is stamped when the answer arrived: the state held at least then.
    /// </summary>
    public async Task SampleAsync(Func<Task<IReadOnlyDictionary<string, string>?>> read, TimeSpan period, TimeProvider time, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var states = await read();
            var now = time.GetLocalNow();
            lock (_lock)
            {
                _samples.AddRange((states ?? new Dictionary<string, string>()).Select(p => new NodeSample(now, p.Key, p.Value)));
            }
            await Task.Delay(period, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The node's states in order, without repeats (for example idle, powoff, off, powon, idle).</summary>
    public IReadOnlyList<string> Transitions(string node)
    {
        var states = new List<string>();
        foreach (var sample in Samples.Where(s => s.Name == node))
        {
            if (states.Count == 0 || states[^1] != sample.State)
            {
                states.Add(sample.State);
            }
        }
        return states;
    }
}
