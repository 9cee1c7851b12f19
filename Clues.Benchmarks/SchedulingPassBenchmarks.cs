using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Clues.Benchmarks;

/// <summary>
/// One full scheduling pass (monitoring merge + the four schedulers) on a fresh <see cref="PassScenario"/> per
/// invocation: a pass changes request states and bookings, so each one starts from the same queue.
/// </summary>
[MemoryDiagnoser]
// Enough warm-up passes for the tiered JIT to reach its optimized code, as in a daemon that has been up for minutes.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 40, iterationCount: 15, invocationCount: 1)]
public class SchedulingPassBenchmarks
{
    private PassScenario _scenario = null!;

    /// <summary>The sizes.</summary>
    public static IEnumerable<PassSize> Sizes => PassSize.All;

    /// <summary>The size of this run.</summary>
    [ParamsSource(nameof(Sizes))]
    public PassSize Size { get; set; } = PassSize.All[0];

    /// <summary>Builds the scenario (not measured).</summary>
    [IterationSetup]
    public void Setup() => _scenario = PassScenario.CreateAsync(Size.Nodes, Size.Requests).AsTask().GetAwaiter().GetResult();

    /// <summary>Drops the scenario.</summary>
    [IterationCleanup]
    public void Cleanup() => _scenario.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The measured pass.</summary>
    [Benchmark]
    public int Pass() => _scenario.RunPassAsync().AsTask().GetAwaiter().GetResult().CandidatesOn.Count;
}
