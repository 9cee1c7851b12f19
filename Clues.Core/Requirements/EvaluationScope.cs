using Clues.Core.Model;

namespace Clues.Core.Requirements;

/// <summary>
/// The variables of one (request, node) check: the node keywords, under the names assigned by the request's
/// expressions so far. CLUES loads the keywords into its shared evaluator for each node and lets assignments
/// persist for the following expressions of the same request (spec §2.10, §2.11); here the assignments live only
/// in this scope, so nothing leaks between nodes or threads.
/// </summary>
internal struct EvaluationScope
{
    private readonly IReadOnlyDictionary<string, KeywordValue> _keywords;
    private Dictionary<string, Value>? _assigned;

    public EvaluationScope(IReadOnlyDictionary<string, KeywordValue> keywords)
    {
        _keywords = keywords;
        _assigned = null;
    }

    /// <summary>Looks a variable up; false when it is undefined (CLUES' evaluator has auto-definition off).</summary>
    public readonly bool TryGet(string name, out Value value)
    {
        if (_assigned is not null && _assigned.TryGetValue(name, out value))
        {
            return true;
        }

        if (_keywords.TryGetValue(name, out var keyword))
        {
            value = Value.FromKeyword(keyword);
            return true;
        }

        value = Value.Error;
        return false;
    }

    /// <summary>Defines or overwrites a variable (a keyword name included) for the rest of the check.</summary>
    public void Assign(string name, Value value) => (_assigned ??= new Dictionary<string, Value>(StringComparer.Ordinal))[name] = value;
}
