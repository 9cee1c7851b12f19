namespace Clues.Core.Scheduling;

/// <summary>Compares requirement expression lists by content (ordinal), so that requests share per-pass results.</summary>
internal sealed class ExpressionListComparer : IEqualityComparer<IReadOnlyList<string>>
{
    public static ExpressionListComparer Instance { get; } = new();

    public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }
        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }
        for (var i = 0; i < x.Count; i++)
        {
            if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public int GetHashCode(IReadOnlyList<string> obj)
    {
        var hash = new HashCode();
        for (var i = 0; i < obj.Count; i++)
        {
            hash.Add(obj[i], StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }
}
