namespace Clues.Benchmarks;

/// <summary>Counts the requests a plugin sends and the response body bytes it receives, for the monitoring-pass harnesses.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private long _bytes;
    private int _requests;

    public long Bytes => Interlocked.Read(ref _bytes);
    public int Requests => Volatile.Read(ref _requests);

    public void Reset()
    {
        Interlocked.Exchange(ref _bytes, 0);
        Volatile.Write(ref _requests, 0);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, response.Content.Headers.ContentLength ?? 0);
        return response;
    }
}
