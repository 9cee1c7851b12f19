namespace Clues.Core.Reports;

/// <summary>Mean, minimum and maximum of some values.</summary>
/// <param name="Count">How many values.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
public sealed record Statistics(int Count, double Mean, double Min, double Max)
{
    /// <summary>The statistics of <paramref name="values"/>, or null if there are none.</summary>
    public static Statistics? Of(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? null : new Statistics(values.Count, values.Average(), values.Min(), values.Max());
}
