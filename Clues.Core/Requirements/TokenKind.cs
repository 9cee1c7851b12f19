namespace Clues.Core.Requirements;

/// <summary>The tokens of the requirements language (cpyutils <c>evaluate.Analyzer.tokens</c>).</summary>
internal enum TokenKind
{
    End,
    Number,
    String,
    Identifier,
    True,
    False,
    In,
    Subset,
    Not,
    /// <summary>The word <c>and</c>: same precedence as <c>&amp;&amp;</c> but produces no value (KEEP, spec §14 Q21).</summary>
    AndWord,
    /// <summary>The word <c>or</c>: same precedence as <c>||</c> but produces no value (KEEP, spec §14 Q21).</summary>
    OrWord,
    Semicolon,
    Assign,
    Plus,
    Minus,
    Times,
    Divide,
    LeftParen,
    RightParen,
    Comma,
    LeftBracket,
    RightBracket,
    AndAnd,
    OrOr,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Bang,
}
