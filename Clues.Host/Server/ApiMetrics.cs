using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Clues.Host.Server;

/// <summary>Counters of the calls served, by protocol and method, for <c>/metrics</c>.</summary>
internal sealed class ApiMetrics
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Protocol, string Method), Counter> _counters = new();

    public ApiMetrics(TimeProvider time) => _time = time;

    /// <summary>A start mark for <see cref="Record"/>.</summary>
    public long Start() => _time.GetTimestamp();

    /// <summary>Counts one finished call.</summary>
    public void Record(string protocol, string method, bool failed, long started)
    {
        var counter = _counters.GetOrAdd((protocol, method), _ => new Counter());
        var elapsedTicks = _time.GetElapsedTime(started).Ticks;
        Interlocked.Increment(ref counter.Count);
        Interlocked.Add(ref counter.DurationTicks, elapsedTicks);
        if (failed)
        {
            Interlocked.Increment(ref counter.Failures);
        }
    }

    /// <summary>Appends the counters in the Prometheus text format.</summary>
    public void WritePrometheus(StringBuilder sb)
    {
        var snapshot = _counters.OrderBy(c => c.Key.Protocol, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Method, StringComparer.Ordinal).ToList();
        sb.Append("# HELP clues_api_calls_total Remote API calls served.\n# TYPE clues_api_calls_total counter\n");
        foreach (var (key, c) in snapshot)
        {
            Line(sb, "clues_api_calls_total", key, Interlocked.Read(ref c.Count).ToString(CultureInfo.InvariantCulture));
        }
        sb.Append("# HELP clues_api_failures_total Remote API calls answered with a fault or an HTTP error.\n# TYPE clues_api_failures_total counter\n");
        foreach (var (key, c) in snapshot)
        {
            Line(sb, "clues_api_failures_total", key, Interlocked.Read(ref c.Failures).ToString(CultureInfo.InvariantCulture));
        }
        sb.Append("# HELP clues_api_call_seconds_total Time spent serving remote API calls.\n# TYPE clues_api_call_seconds_total counter\n");
        foreach (var (key, c) in snapshot)
        {
            var seconds = TimeSpan.FromTicks(Interlocked.Read(ref c.DurationTicks)).TotalSeconds;
            Line(sb, "clues_api_call_seconds_total", key, seconds.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static void Line(StringBuilder sb, string metric, (string Protocol, string Method) key, string value) =>
        sb.Append(metric).Append("{protocol=\"").Append(PrometheusText.EscapeLabel(key.Protocol))
            .Append("\",method=\"").Append(PrometheusText.EscapeLabel(key.Method)).Append("\"} ").Append(value).Append('\n');

    private sealed class Counter
    {
        public long Count;
        public long Failures;
        public long DurationTicks;
    }
}
