namespace Clues.Core.Requirements;

/// <summary>The kinds of node in a parsed requirement.</summary>
internal enum ExpressionKind
{
    /// <summary>A literal, or the empty term (UNKNOWN).</summary>
    Literal,
    Variable,
    ListLiteral,
    Negate,
    /// <summary><c>not e</c> or <c>! e</c>.</summary>
    Not,
    /// <summary>Arithmetic, comparison or logical operator; <see cref="ExpressionNode.Operator"/> says which.</summary>
    Binary,
    /// <summary><c>e in [..]</c> or <c>e in name</c>.</summary>
    In,
    /// <summary><c>e subset [..]</c> or <c>e subset name</c>.</summary>
    Subset,
    /// <summary>A statement <c>name = e</c>; produces no value.</summary>
    Assign,
}
