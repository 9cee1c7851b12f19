using System.Diagnostics;
using System.Globalization;
using Clues.Core.Lrms;
using Clues.Core.Model;

namespace Clues.Benchmarks;

/// <summary>
/// Times monitoring passes of an LRMS plugin over HTTP: the node report, then the job report, as the daemon makes them
/// when both are due. Prints one line per pass (a warm-up first): wall and CPU time, requests, bytes fetched, bytes
/// allocated and what the plugin reported.
/// </summary>
internal static class MonitoringPasses
{
    /// <param name="nodesLabel">What the node report reads, for the timing line (such as "nodes+pods").</param>
    /// <param name="counters">The handlers counting every response the plugin receives (none: not counted, e.g. XML-RPC).</param>
    public static async Task RunAsync(ILrmsPlugin plugin, string nodesLabel, IReadOnlyCollection<CountingHandler> counters, int runs)
    {
        for (var run = 0; run <= runs; run++)
        {
            foreach (var counter in counters)
            {
                counter.Reset();
            }
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            // CPU time says more than wall time on a shared machine; it includes the in-process server's share.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var reported = await plugin.GetNodesAsync(CancellationToken.None);
            var nodesTime = watch.Elapsed;
            var jobs = await plugin.GetJobsAsync(CancellationToken.None);
            var total = watch.Elapsed;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var fetched = counters.Count == 0 ? ""
                : string.Create(CultureInfo.InvariantCulture, $"{counters.Sum(c => c.Requests)} requests, {counters.Sum(c => c.Bytes) / 1_048_576.0:0.00} MiB fetched; ");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(run == 0 ? "warm-up" : $"run {run}"),-8} pass {total.TotalMilliseconds,7:0.0} ms ({nodesLabel} {nodesTime.TotalMilliseconds:0.0} ms, jobs {(total - nodesTime).TotalMilliseconds:0.0} ms), CPU {cpu.TotalMilliseconds:0} ms with the server; {fetched}{allocated / 1_048_576.0:0} MiB allocated; {reported.Count} nodes ({reported.Count(n => n.State == NodeState.Used)} used), {jobs.Count} jobs ({jobs.Count(j => j.State == RequestState.Pending)} pending)"));
        }
    }
}
