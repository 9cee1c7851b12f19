using System.Diagnostics;
using System.Globalization;

namespace Clues.Benchmarks;

/// <summary>
/// <c>--quick</c>: times the pass with a stopwatch (median of a few fresh scenarios per size) and counts the bytes
/// it allocates; prints the per-scheduler split and a digest of the decisions. Takes well under two minutes.
/// </summary>
internal static class QuickHarness
{
    /// <param name="sizes">The sizes to measure.</param>
    /// <param name="runs">Measured passes per size (half at 10k nodes).</param>
    /// <param name="secondPass">
    /// Measure the pass that follows a first one 10 s later, as in a daemon that is already running (requests attended
    /// and booked, requirement results known), instead of the first pass after start.
    /// </param>
    public static async Task<int> RunAsync(IReadOnlyList<PassSize> sizes, int runs, bool secondPass = false)
    {
        await WarmUpAsync();
        Console.WriteLine("size          pass ms (median / min)  cpu ms   allocated  GC 0/1/2  monitor  PowOn_Req  Reconsider  PowOff_IDLE  PowOn_Free   decisions");
        foreach (var size in sizes)
        {
            var times = new List<double>();
            var cpuTimes = new List<double>();
            long allocated = 0;
            var split = new Dictionary<string, double>();
            string? fingerprint = null;
            var gcs = "";
            var count = size.Nodes >= 10_000 ? Math.Max(1, runs / 2) : runs;
            for (var run = 0; run < count + 1; run++)
            {
                var timed = new List<TimedScheduler>();
                await using var scenario = await PassScenario.CreateAsync(size.Nodes, size.Requests, wrap: s =>
                {
                    var t = new TimedScheduler(s);
                    timed.Add(t);
                    return t;
                });
                if (secondPass)
                {
                    await scenario.RunPassAsync();
                    scenario.Time.JumpTo(PassScenario.PassTime + 10);
                    timed.ForEach(t => t.Reset());
                }
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetAllocatedBytesForCurrentThread();
                var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                var context = await scenario.RunPassAsync();
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                gcs = $"{GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}";
                var print = PassFingerprint.Of(scenario, context);
                if (fingerprint is not null && fingerprint != print)
                {
                    throw new InvalidOperationException($"the pass is not deterministic: {fingerprint} then {print}");
                }
                fingerprint = print;
                if (run == 0)
                {
                    continue; // warm-up (JIT)
                }
                times.Add(elapsed);
                cpuTimes.Add(cpu);
                allocated = bytes;
                var chain = timed.Sum(t => t.Elapsed.TotalMilliseconds);
                Add(split, "monitor", elapsed - chain);
                foreach (var t in timed)
                {
                    Add(split, t.Name, t.Elapsed.TotalMilliseconds);
                }
            }
            times.Sort();
            cpuTimes.Sort();
            var median = times[times.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,-12} {median,10:0.00} / {times[0],-10:0.00} {cpuTimes[cpuTimes.Count / 2],7:0.0}  {allocated / 1024.0 / 1024.0,8:0.0} MB {gcs,-6} {Avg(split, "monitor", times.Count),8:0.00} {Avg(split, "PowOn_Requests", times.Count),10:0.00} {Avg(split, "Reconsider_Jobs", times.Count),11:0.00} {Avg(split, "PowOff_IDLE", times.Count),12:0.00} {Avg(split, "PowOn_Free", times.Count),11:0.00}   {fingerprint}"));
        }
        return 0;
    }

    /// <summary>
    /// Runs enough small passes for the tiered JIT to promote every method of the pass to its optimized code, as it is
    /// in a daemon that has run for a few minutes; otherwise the first measured passes at a size run partly
    /// unoptimized code and the numbers say more about the JIT than about the pass.
    /// </summary>
    private static async Task WarmUpAsync()
    {
        // Two rounds: methods reach tier 1 only after being called 30 times at tier 0 and 30 more instrumented, and
        // the compilation happens on a background thread.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                await using var scenario = await PassScenario.CreateAsync(1000, 5000, seed: 1000 + i);
                await scenario.RunPassAsync();
            }
            await Task.Delay(1000);
        }
    }

    private static void Add(Dictionary<string, double> split, string key, double ms) => split[key] = split.GetValueOrDefault(key) + ms;

    private static double Avg(Dictionary<string, double> split, string key, int count) => split.GetValueOrDefault(key) / count;
}
