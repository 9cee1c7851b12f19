using System.Globalization;
using Clues.Core.Config;
using Clues.Core.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--sim [trace] [--from S --to S] [--config FILE]</c>: runs a trace (by default etc/simulator/cluster-week.sim; an
/// SWF log with the jobs submitted in [from, to) seconds) in the simulator, under a configuration file if given, with the SQLite
/// database CLUES' simulator also writes, and reports simulated seconds per wall-clock second.
/// </summary>
internal static class SimulatorSpeed
{
    public static async Task<int> RunAsync(string? tracePath, int runs, bool withDatabase, double? from = null, double? to = null, string? configPath = null)
    {
        tracePath ??= FindTrace();
        var window = from is null && to is null ? "" : $", jobs submitted in [{from ?? 0}, {to?.ToString(CultureInfo.InvariantCulture) ?? "end"}) s";
        Console.WriteLine($"trace {tracePath}{window}, database {(withDatabase ? "SQLite" : "in memory")}, configuration {configPath ?? "default"}");
        for (var run = 0; run < runs + 1; run++)
        {
            var dir = Directory.CreateTempSubdirectory("clues-simspeed-");
            try
            {
                var random = new Random(7);
                var trace = SwfTrace.IsSwf(tracePath)
                    ? SwfTrace.Load(tracePath, new SwfOptions { From = from ?? 0, To = to }).Trace
                    : SimTrace.Load(tracePath, random);
                var db = withDatabase ? Path.Combine(dir.FullName, "sim.db") : null;
                // CPU time as well as wall time: on a loaded machine the wall time measures the neighbours too.
                var process = System.Diagnostics.Process.GetCurrentProcess();
                var (user, total) = (process.UserProcessorTime, process.TotalProcessorTime);
                var (allocated, collections) = (GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0));
                var result = await new SimulationRunner(NullLoggerFactory.Instance).RunAsync(trace, LoadConfig(configPath), db, random, CancellationToken.None);
                process.Refresh();
                var (userSeconds, cpuSeconds) = ((process.UserProcessorTime - user).TotalSeconds, (process.TotalProcessorTime - total).TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(run == 0 ? "warm-up" : $"run {run}"),-8} simulated {result.SimulatedSeconds / 86_400:0.00} days ({result.SimulatedSeconds:0} s) in {result.WallTime.TotalMilliseconds:0} ms: {result.Speed:N0}x real time, {userSeconds:0.00} s user CPU ({cpuSeconds:0.00} s user+sys, {result.SimulatedSeconds / cpuSeconds:N0}x per CPU second, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:N0} MB allocated, {GC.CollectionCount(0) - collections} gen0 GCs); {result.Events:N0} events, {result.JobsFinished}/{result.JobsSubmitted} jobs, {result.NodeHoursOn:0} node-hours on"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }
        return 0;
    }

    private static CluesConfig LoadConfig(string? path) => path is null
        ? new CluesConfig()
        : new ConfigLoader(new ConfigLoaderOptions { SearchDirectories = [], ConfigFile = Path.GetFullPath(path) }).Load();

    private static string FindTrace()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "etc", "simulator", "cluster-week.sim");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("etc/simulator/cluster-week.sim not found above the program folder; pass the trace path");
    }
}
