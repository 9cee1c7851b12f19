namespace Clues.Core.Requirements;

/// <summary>
/// One immutable node of a parsed requirement. A single shape for every kind keeps the tree compact and lets the
/// interpreter dispatch with one switch.
/// </summary>
internal sealed class ExpressionNode
{
    private ExpressionNode(ExpressionKind kind, int start, ExpressionNode? left = null, ExpressionNode? right = null)
    {
        Kind = kind;
        Start = start;
        Left = left;
        Right = right;
        Depth = 1 + Math.Max(left?.Depth ?? 0, right?.Depth ?? 0);
    }

    public ExpressionKind Kind { get; }
    /// <summary>0-based offset of the node's first token (or operator) in the source, for messages.</summary>
    public int Start { get; }
    /// <summary>The operand, the left operand, or the assigned expression.</summary>
    public ExpressionNode? Left { get; }
    /// <summary>The right operand, or the list literal of <c>in</c>/<c>subset</c>.</summary>
    public ExpressionNode? Right { get; }
    /// <summary>Binary operator token.</summary>
    public TokenKind Operator { get; private init; }
    /// <summary>Variable name, assigned name, or list variable of <c>in</c>/<c>subset</c>.</summary>
    public string? Name { get; private init; }
    /// <summary>The literal's value.</summary>
    public Value Literal { get; private init; }
    /// <summary>The items of a list literal.</summary>
    public IReadOnlyList<ExpressionNode> Items { get; private init; } = [];
    /// <summary>Tree height, bounded by the parser so evaluation cannot overflow the stack.</summary>
    public int Depth { get; private init; }

    public static ExpressionNode Constant(int start, Value value) => new(ExpressionKind.Literal, start) { Literal = value };

    public static ExpressionNode Variable(int start, string name) => new(ExpressionKind.Variable, start) { Name = name };

    public static ExpressionNode List(int start, IReadOnlyList<ExpressionNode> items) =>
        new(ExpressionKind.ListLiteral, start) { Items = items, Depth = 1 + items.Select(i => i.Depth).DefaultIfEmpty().Max() };

    public static ExpressionNode Unary(ExpressionKind kind, int start, ExpressionNode operand) => new(kind, start, operand);

    public static ExpressionNode Binary(TokenKind op, int start, ExpressionNode left, ExpressionNode right) =>
        new(ExpressionKind.Binary, start, left, right) { Operator = op };

    /// <summary><c>in</c>/<c>subset</c> against a list literal (<paramref name="list"/>) or a variable (<paramref name="name"/>).</summary>
    public static ExpressionNode Membership(ExpressionKind kind, int start, ExpressionNode needle, ExpressionNode? list, string? name) =>
        new(kind, start, needle, list) { Name = name };

    public static ExpressionNode Assignment(int start, string name, ExpressionNode value) =>
        new(ExpressionKind.Assign, start, value) { Name = name };
}
