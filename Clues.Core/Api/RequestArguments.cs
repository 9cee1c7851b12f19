using System.Globalization;
using Clues.Core.Requirements;

namespace Clues.Core.Api;

/// <summary>
/// The checks every API (XML-RPC, JSON) applies to a new request before it is queued. CLUES queued a task count
/// of 0 (then "served" with no node) and an expression that does not parse (then never served, without a word).
/// </summary>
public static class RequestArguments
{
    /// <summary>Why <paramref name="taskCount"/> is refused, or null when it is acceptable (1 or more).</summary>
    public static string? TaskCountProblem(long taskCount) =>
        taskCount >= 1 ? null : string.Create(CultureInfo.InvariantCulture, $"must be an integer >= 1, got {taskCount}");

    /// <summary>Why the requirement expression is refused (it does not parse), or null; empty is always met.</summary>
    public static string? ExpressionProblem(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return RequirementEvaluator.TryParse(expression, out var error) ? null : "is not a valid requirement: " + error;
    }
}
