using System.Globalization;

namespace Clues.Core.Requirements;

/// <summary>
/// Parses a requirement into statements with the grammar and the precedence of cpyutils <c>evaluate</c>
/// (a PLY LALR grammar, reproduced here as a precedence-climbing parser; spec §2.11).
/// </summary>
/// <remarks>
/// <para>PLY resolves the grammar's conflicts with its precedence table (loosest first: <c>not</c>, <c>||</c>,
/// <c>&amp;&amp;</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>+ -</c>, <c>* /</c>, unary minus; all binary
/// operators left-associative). Tokens absent from the table (<c>in</c>, <c>subset</c>, <c>!</c>, <c>;</c>) get
/// level 0, right-associative. On a conflict PLY reduces when the incoming operator's level is lower than the rule's,
/// or equal with a left-associative rule, and shifts otherwise. Hence:</para>
/// <list type="bullet">
/// <item><c>in</c>/<c>subset</c> take the whole expression on their left: <c>cpus &gt;= 2 &amp;&amp; "b" in q</c>
/// is <c>(cpus &gt;= 2 &amp;&amp; "b") in q</c> and <c>not "z" in q</c> is <c>(not "z") in q</c>. Their right side
/// is only a list literal or a variable name.</item>
/// <item>KEEP (verified against the original): <c>!</c> is not <c>not</c>. The rule <c>'!' expression</c> has level 0
/// like <c>in</c>, so PLY shifts: <c>! "z" in q</c> is <c>!("z" in q)</c>. The spec lists both at one level; the
/// original's behaviour was picked.</item>
/// <item>The words <c>and</c>/<c>or</c> are the tokens of <c>&amp;&amp;</c>/<c>||</c>, with their precedence.</item>
/// <item>An empty term (UNKNOWN) stands wherever an operand is missing: <c>==</c> is <c>(empty) == (empty)</c>,
/// <c>()</c> is UNKNOWN, <c>[,]</c> is a list of one UNKNOWN, <c>[]</c> is an empty list, <c>[1,]</c> is <c>[1]</c>.</item>
/// <item>Statements are separated by <c>;</c> and may be empty; <c>name = e</c> only starts a statement.</item>
/// </list>
/// <para>FIX (deliberate): PLY's default error recovery discards input after a syntax error and may still return a
/// value (<c>1KB; true</c> yields true in CLUES); here any syntax error makes the requirement fail, as spec §2.10
/// states. Nesting deeper than <see cref="MaxDepth"/> is a syntax error, so hostile input cannot exhaust the stack.</para>
/// </remarks>
internal sealed class RequirementParser
{
    /// <summary>The deepest expression tree (and parser recursion) accepted.</summary>
    public const int MaxDepth = 256;

    private const int TopLevel = -1;
    private const int MembershipLevel = 0;
    private const int NotLevel = 1;
    private const int UnaryMinusLevel = 8;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly List<string> _warnings;
    private int _index;
    private int _recursion;

    private RequirementParser(string source, List<Token> tokens, List<string> warnings)
    {
        _source = source;
        _tokens = tokens;
        _warnings = warnings;
    }

    /// <summary>
    /// Parses a whole requirement into a compiled program. Like CLUES, it is first stripped of surrounding
    /// whitespace (Python's <c>str.strip()</c>); positions in messages count from the start of the untrimmed text.
    /// </summary>
    public static CompiledRequirement Parse(string source)
    {
        var warnings = new List<string>();
        try
        {
            var (start, end) = PythonText.StripRange(source);
            var tokens = RequirementLexer.Tokenize(source, start, end, warnings);
            var statements = new RequirementParser(source, tokens, warnings).ParseProgram();
            return CompiledRequirement.Success(source, statements, warnings);
        }
        catch (RequirementSyntaxException ex)
        {
            return CompiledRequirement.Failure(source, ex.Message, warnings);
        }
    }

    private Token Current => _tokens[_index];

    private List<ExpressionNode?> ParseProgram()
    {
        var statements = new List<ExpressionNode?>();
        while (true)
        {
            statements.Add(ParseStatement());
            if (Current.Kind == TokenKind.End)
            {
                break;
            }

            if (Current.Kind != TokenKind.Semicolon)
            {
                throw Unexpected("an operator, ';' or the end of the requirement");
            }

            _index++;
        }

        if (statements.Count > 1 && statements[^1] is null)
        {
            _warnings.Add("the requirement ends with ';', so its value is UNKNOWN and it never holds");
        }
        else if (statements.Count == 1 && statements[0] is { Kind: ExpressionKind.Assign })
        {
            _warnings.Add("the requirement is only an assignment, which has no value, so it never holds");
        }
        else if (statements.Count > 1 && statements[^1] is { Kind: ExpressionKind.Assign } && statements[^2] is { Kind: ExpressionKind.Assign })
        {
            _warnings.Add("the requirement ends with two assignments, so its value is UNKNOWN and it never holds");
        }

        return statements;
    }

    // An empty statement (between ';', or an empty requirement) is null and evaluates to UNKNOWN.
    private ExpressionNode? ParseStatement()
    {
        var token = Current;
        if (token.Kind is TokenKind.Semicolon or TokenKind.End)
        {
            return null;
        }

        if (token.Kind == TokenKind.Identifier && _tokens[_index + 1].Kind == TokenKind.Assign)
        {
            _index += 2;
            return ExpressionNode.Assignment(token.Start, token.Text!, ParseExpression(TopLevel, rightAssociative: true));
        }

        return ParseExpression(TopLevel, rightAssociative: true);
    }

    /// <summary>
    /// Parses an operand and then every operator the context lets it absorb: one of level <c>s</c> is absorbed when
    /// <c>s &gt; level</c>, or <c>s == level</c> in a right-associative context (PLY shifts in both cases).
    /// </summary>
    private ExpressionNode ParseExpression(int level, bool rightAssociative)
    {
        if (++_recursion > MaxDepth)
        {
            throw new RequirementSyntaxException(Current.Start, $"the requirement is nested more than {MaxDepth} levels deep");
        }

        var left = ParseOperand();
        while (true)
        {
            var token = Current;
            var operatorLevel = BinaryLevel(token.Kind) ?? (token.Kind is TokenKind.In or TokenKind.Subset ? MembershipLevel : (int?)null);
            if (operatorLevel is not { } s || !(s > level || (s == level && rightAssociative)))
            {
                break;
            }

            _index++;
            left = s == MembershipLevel ? ParseMembership(token, left) : ParseBinary(token, left, s);
            if (left.Depth > MaxDepth)
            {
                throw new RequirementSyntaxException(token.Start, $"the requirement is nested more than {MaxDepth} levels deep");
            }
        }

        _recursion--;
        return left;
    }

    private ExpressionNode ParseBinary(Token op, ExpressionNode left, int level)
    {
        if (op.Kind is TokenKind.AndWord or TokenKind.OrWord)
        {
            var symbol = op.Kind == TokenKind.AndWord ? "&&" : "||";
            _warnings.Add(Invariant($"position {op.Start + 1}: '{op.Text}' produces no value, so the requirement never holds; use '{symbol}'"));
        }

        return ExpressionNode.Binary(op.Kind, op.Start, left, ParseExpression(level, rightAssociative: false));
    }

    // `e in [..]`, `e in name`, `e subset [..]`, `e subset name`: the right side is never a general expression.
    private ExpressionNode ParseMembership(Token op, ExpressionNode left)
    {
        var word = op.Kind == TokenKind.In ? "in" : "subset";
        if (left.Kind is ExpressionKind.Binary or ExpressionKind.Not)
        {
            _warnings.Add(Invariant(
                $"position {op.Start + 1}: '{word}' applies to the whole expression on its left; parenthesise the membership test"));
        }

        var kind = op.Kind == TokenKind.In ? ExpressionKind.In : ExpressionKind.Subset;
        var target = Current;
        if (target.Kind == TokenKind.Identifier)
        {
            _index++;
            return ExpressionNode.Membership(kind, op.Start, left, null, target.Text);
        }

        if (target.Kind == TokenKind.LeftBracket)
        {
            return ExpressionNode.Membership(kind, op.Start, left, ParseList(), null);
        }

        throw Unexpected($"a list literal '[...]' or a variable name after '{word}'");
    }

    private ExpressionNode ParseOperand()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _index++;
                return ExpressionNode.Constant(token.Start, Value.FromNumber(token.Number));
            case TokenKind.String:
                _index++;
                return ExpressionNode.Constant(token.Start, Value.FromString(token.Text!));
            case TokenKind.True:
            case TokenKind.False:
                _index++;
                return ExpressionNode.Constant(token.Start, Value.FromBoolean(token.Kind == TokenKind.True));
            case TokenKind.Identifier:
                _index++;
                return ExpressionNode.Variable(token.Start, token.Text!);
            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.LeftParen:
                _index++;
                var inner = ParseExpression(TopLevel, rightAssociative: true);
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.Minus:
                _index++;
                return ExpressionNode.Unary(ExpressionKind.Negate, token.Start, ParseExpression(UnaryMinusLevel, rightAssociative: true));
            case TokenKind.Not:
                _index++;
                return ExpressionNode.Unary(ExpressionKind.Not, token.Start, ParseExpression(NotLevel, rightAssociative: true));
            case TokenKind.Bang:
                _index++;
                return ExpressionNode.Unary(ExpressionKind.Not, token.Start, ParseExpression(MembershipLevel, rightAssociative: true));
            default:
                // The grammar's empty term: whatever follows must then fit after an operand, or fail there.
                return ExpressionNode.Constant(token.Start, Value.Unknown);
        }
    }

    // `[ ]` is an empty list (PLY prefers `l : <empty>`, defined before the empty term); a trailing comma adds
    // nothing; a missing item between commas is the empty term.
    private ExpressionNode ParseList()
    {
        var open = Current;
        _index++;
        var items = new List<ExpressionNode>();
        while (Current.Kind != TokenKind.RightBracket)
        {
            items.Add(ParseExpression(TopLevel, rightAssociative: true));
            if (Current.Kind == TokenKind.Comma)
            {
                _index++;
            }
            else if (Current.Kind != TokenKind.RightBracket)
            {
                throw Unexpected("',' or ']'");
            }
        }

        _index++;
        var list = ExpressionNode.List(open.Start, items);
        return list.Depth > MaxDepth
            ? throw new RequirementSyntaxException(open.Start, $"the requirement is nested more than {MaxDepth} levels deep")
            : list;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(what);
        }

        _index++;
    }

    private RequirementSyntaxException Unexpected(string expected)
    {
        var token = Current;
        if (token.Kind == TokenKind.End)
        {
            return new RequirementSyntaxException(token.Start, $"unexpected end of the requirement, expected {expected}");
        }

        var found = _source.Substring(token.Start, token.Length);
        var hint = string.Empty;
        var previous = _index > 0 ? _tokens[_index - 1] : default;
        if (token.Kind == TokenKind.Identifier && previous.Kind == TokenKind.Number
            && previous.Start + previous.Length == token.Start && IsWrongSizeSuffix(token.Text!))
        {
            hint = " (size suffixes are written kb, mb, gb, tb, pb or Kb, Mb, Gb, Tb, Pb)";
        }

        return new RequirementSyntaxException(token.Start, $"unexpected '{found}', expected {expected}{hint}");
    }

    private static bool IsWrongSizeSuffix(string word) =>
        word.Length >= 2 && char.ToLowerInvariant(word[1]) == 'b' && "kmgtpKMGTP".Contains(word[0], StringComparison.Ordinal);

    private static int? BinaryLevel(TokenKind kind) => kind switch
    {
        TokenKind.OrOr or TokenKind.OrWord => 2,
        TokenKind.AndAnd or TokenKind.AndWord => 3,
        TokenKind.Equal or TokenKind.NotEqual => 4,
        TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual => 5,
        TokenKind.Plus or TokenKind.Minus => 6,
        TokenKind.Times or TokenKind.Divide => 7,
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
