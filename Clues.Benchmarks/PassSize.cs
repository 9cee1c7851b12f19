namespace Clues.Benchmarks;

/// <summary>A benchmark size: nodes and queued requests.</summary>
public sealed record PassSize(int Nodes, int Requests)
{
    /// <summary>The sizes of the issue: 1k/5k, 2k/10k, 4k/20k, 10k/50k.</summary>
    public static IReadOnlyList<PassSize> All { get; } = [new(1_000, 5_000), new(2_000, 10_000), new(4_000, 20_000), new(10_000, 50_000)];

    /// <inheritdoc />
    public override string ToString() => $"{Nodes / 1000}k/{Requests / 1000}k";
}
