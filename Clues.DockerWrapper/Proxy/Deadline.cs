namespace Clues.DockerWrapper.Proxy;

/// <summary>A token cancelled after a time on the wrapper's clock or with an outer token, whichever comes first.</summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan after, TimeProvider time, CancellationToken outer)
    {
        _timeout = new CancellationTokenSource(after, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>True once the time has run out (not merely the outer token cancelled).</summary>
    public bool IsExpired => _timeout.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
