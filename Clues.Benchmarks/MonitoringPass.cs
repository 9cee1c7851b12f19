using System.Diagnostics;
using System.Globalization;
using Clues.Core.Lrms;

namespace Clues.Benchmarks;

/// <summary>
/// Times monitoring passes of an LRMS plugin (the node report, then the job report, as the daemon's loop step calls
/// them when both periods are equal) and prints, per pass, wall and CPU time, requests and bytes fetched, allocations.
/// </summary>
internal static class MonitoringPass
{
    /// <summary>Runs a first pass, then <paramref name="runs"/> more, printing one line each.</summary>
    public static async Task MeasureAsync(ILrmsPlugin plugin, CountingHandler counter, int runs)
    {
        for (var run = 0; run <= runs; run++)
        {
            counter.Reset();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            // CPU time says more than wall time on a shared machine; it includes the in-process server's share.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var nodes = await plugin.GetNodesAsync(CancellationToken.None);
            var nodesTime = watch.Elapsed;
            var nodeRequests = counter.Requests;
            var jobs = await plugin.GetJobsAsync(CancellationToken.None);
            var total = watch.Elapsed;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(run == 0 ? "first" : $"run {run}"),-6} pass {total.TotalMilliseconds,7:0.0} ms (nodes {nodesTime.TotalMilliseconds:0.0} ms, {nodeRequests} requests; "
                + $"jobs {(total - nodesTime).TotalMilliseconds:0.0} ms, {counter.Requests - nodeRequests} requests), CPU {cpu.TotalMilliseconds:0} ms with the server; "
                + $"{counter.Bytes / 1_048_576.0:0.00} MiB fetched; {allocated / 1_048_576.0:0} MiB allocated; {nodes.Count} nodes, {jobs.Count} jobs"));
        }
    }
}
