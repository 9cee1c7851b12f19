using Clues.Core.StateMachine;

namespace Clues.Core.Scheduling;

/// <summary>
/// One distinct list of requirement expressions in a pass: which nodes meet it (evaluated once per node) and,
/// when indexed, a <see cref="CapacityTree"/> per pool holding only those nodes.
/// </summary>
internal sealed class RequirementFilter(IReadOnlyList<string> expressions, Func<Node, bool> meets, RequirementResults? results)
{
    /// <summary>The expressions.</summary>
    public IReadOnlyList<string> Expressions { get; } = expressions;

    /// <summary>Whether a node meets the expressions (evaluated each time it is asked).</summary>
    public Func<Node, bool> Meets { get; } = meets;

    /// <summary>Whether results are cached and trees kept (the first few distinct lists of a pass).</summary>
    public bool Indexed => Results is not null;

    /// <summary>Per node position: the cached results (only when indexed).</summary>
    public RequirementResults? Results { get; } = results;

    /// <summary>Per pool: the tree of the nodes that meet the expressions, or null (not built, or every node of the pool meets them).</summary>
    public CapacityTree?[] Trees { get; } = new CapacityTree?[5];

    /// <summary>Per pool: whether the tree was built (or found unnecessary).</summary>
    public bool[] Built { get; } = new bool[5];

    /// <summary>How much of the pool index's change log this filter's trees have taken in.</summary>
    public int ChangesApplied { get; set; }
}
