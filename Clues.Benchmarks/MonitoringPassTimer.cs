using System.Diagnostics;
using System.Globalization;
using Clues.Core.Lrms;

namespace Clues.Benchmarks;

/// <summary>
/// Times monitoring passes of an LRMS plugin (the node report, then the job report) after a warm-up, and prints per
/// pass the wall time of each report, the CPU time and the bytes allocated.
/// </summary>
internal static class MonitoringPassTimer
{
    /// <param name="plugin">The plugin, against its server.</param>
    /// <param name="runs">Measured passes after the warm-up.</param>
    /// <param name="nodesLabel">What the node report reads, for the output (for example <c>nodes+pods</c>).</param>
    /// <param name="beforePass">Runs before each pass (resets counters).</param>
    /// <param name="details">Extra text for each pass (requests, bytes fetched).</param>
    public static async Task RunAsync(ILrmsPlugin plugin, int runs, string nodesLabel, Action? beforePass = null, Func<string>? details = null)
    {
        for (var run = 0; run <= runs; run++)
        {
            beforePass?.Invoke();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            // CPU time says more than wall time on a shared machine; it includes the in-process server's share.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var nodes = await plugin.GetNodesAsync(CancellationToken.None);
            var nodesTime = watch.Elapsed;
            var jobs = await plugin.GetJobsAsync(CancellationToken.None);
            var total = watch.Elapsed;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var extra = details is null ? "" : details() + "; ";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(run == 0 ? "warm-up" : $"run {run}"),-8} pass {total.TotalMilliseconds,7:0.0} ms ({nodesLabel} {nodesTime.TotalMilliseconds:0.0} ms, jobs {(total - nodesTime).TotalMilliseconds:0.0} ms), CPU {cpu.TotalMilliseconds:0} ms with the server; {extra}{allocated / 1_048_576.0:0} MiB allocated; {nodes.Count} nodes, {jobs.Count} jobs"));
        }
    }
}
