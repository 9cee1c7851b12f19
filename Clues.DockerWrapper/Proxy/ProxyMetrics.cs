using System.Globalization;
using System.Text;

namespace Clues.DockerWrapper.Proxy;

/// <summary>
/// Counters of the client side of the wrapper, served as Prometheus text at <c>GET /metrics</c>: open and
/// accepted connections, connections refused at the cap, heads not finished in time, requests refused as malformed
/// or too large (400), and TLS handshakes that failed.
/// </summary>
internal sealed class ProxyMetrics
{
    private long _active;
    private long _accepted;
    private long _refusedAtCap;
    private long _headerTimeouts;
    private long _badRequests;
    private long _tlsFailures;

    /// <summary>Connections open now.</summary>
    public long Active => Interlocked.Read(ref _active);

    /// <summary>Connections refused because <see cref="Configuration.WrapperOptions.MaxConnections"/> were open.</summary>
    public long RefusedAtCap => Interlocked.Read(ref _refusedAtCap);

    /// <summary>Connections closed because no complete request head came in time.</summary>
    public long HeaderTimeouts => Interlocked.Read(ref _headerTimeouts);

    /// <summary>Takes a connection slot; false (and counted as refused) when <paramref name="max"/> are open.</summary>
    public bool TryOpen(int max)
    {
        if (Interlocked.Increment(ref _active) > max)
        {
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _refusedAtCap);
            return false;
        }
        Interlocked.Increment(ref _accepted);
        return true;
    }

    /// <summary>Gives back the slot taken by <see cref="TryOpen"/>.</summary>
    public void Close() => Interlocked.Decrement(ref _active);

    public void HeaderTimedOut() => Interlocked.Increment(ref _headerTimeouts);

    public void BadRequest() => Interlocked.Increment(ref _badRequests);

    public void TlsFailed() => Interlocked.Increment(ref _tlsFailures);

    /// <summary>The counters in the Prometheus text exposition format.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        void Metric(string name, string type, string help, long value) =>
            text.Append("# HELP docker_wrapper_").Append(name).Append(' ').Append(help).Append('\n')
                .Append("# TYPE docker_wrapper_").Append(name).Append(' ').Append(type).Append('\n')
                .Append("docker_wrapper_").Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Metric("connections_active", "gauge", "Client connections open now.", Active);
        Metric("connections_accepted_total", "counter", "Client connections accepted.", Interlocked.Read(ref _accepted));
        Metric("connections_refused_total", "counter", "Client connections refused at MAX_CONNECTIONS.", RefusedAtCap);
        Metric("header_timeouts_total", "counter", "Connections closed for not sending a request head within HEADER_TIMEOUT.", HeaderTimeouts);
        Metric("bad_requests_total", "counter", "Requests refused with a 400: malformed framing or target, or a body over its limit.", Interlocked.Read(ref _badRequests));
        Metric("tls_handshake_failures_total", "counter", "Client TLS handshakes that failed (no or untrusted client certificate).", Interlocked.Read(ref _tlsFailures));
        return text.ToString();
    }
}
