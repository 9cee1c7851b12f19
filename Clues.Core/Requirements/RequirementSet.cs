using Clues.Core.Model;

namespace Clues.Core.Requirements;

/// <summary>
/// A request's requirement expressions, parsed once (<see cref="RequirementEvaluator.Prepare"/>), to test many
/// nodes without looking each text up again: the packer's fast path for one request against every node.
/// </summary>
public sealed class RequirementSet
{
    private readonly CompiledRequirement[] _requirements;

    internal RequirementSet(CompiledRequirement[] requirements, bool hasNull)
    {
        _requirements = requirements;
        HasNull = hasNull;
    }

    /// <summary>Whether every expression is empty or whitespace: every node meets the set.</summary>
    public bool IsTrivial => _requirements.Length == 0 && !HasNull;

    /// <summary>The first syntax error among the expressions (then no node meets the set), or null.</summary>
    public string? Error => _requirements.FirstOrDefault(r => r.Error is not null)?.Error;

    private bool HasNull { get; }

    /// <summary>Same result as <see cref="RequirementEvaluator.Matches"/> for the expressions of this set.</summary>
    public bool Matches(IReadOnlyDictionary<string, KeywordValue> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        if (HasNull)
        {
            return false;
        }

        if (_requirements.Length == 0)
        {
            return true;
        }

        var scope = new EvaluationScope(keywords);
        foreach (var requirement in _requirements)
        {
            if (!requirement.Evaluate(ref scope).IsTrue)
            {
                return false;
            }
        }

        return true;
    }
}
