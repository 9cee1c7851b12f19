using Clues.Core.Model;

namespace Clues.Core.Requirements;

/// <summary>
/// Evaluates parsed requirement expressions with the semantics of cpyutils <c>evaluate</c> (spec §2.11), where
/// every failure is a <see cref="ValueKind.Error"/> value rather than an exception.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Both operands of a binary operator are always evaluated (CLUES evaluates while parsing, so there is no
/// short circuit: <c>true || undefined_name</c> fails).</item>
/// <item>Comparisons, <c>&amp;&amp;</c> and <c>||</c> need operands of one type; lists admit none of them; strings
/// only <c>==</c>/<c>!=</c>; numbers and booleans all six comparisons. <c>&amp;&amp;</c>/<c>||</c> return Python's
/// <c>and</c>/<c>or</c> value typed BOOLEAN. The words <c>and</c>/<c>or</c> pass the same type checks, then produce
/// no value (KEEP, spec §14 Q21).</item>
/// <item>UNKNOWN operands compare as Python's <c>None</c>: <c>==</c> is true, ordering is an error.</item>
/// <item><c>+</c> joins strings and lists; <c>+ - * /</c> on numbers, <c>/</c> being true division and division
/// by zero an error.</item>
/// <item><c>x in L</c>: some element of L has x's type and value. <c>A subset B</c>: each element of A is in B.</item>
/// <item>A no-value operand (from an assignment or <c>and</c>/<c>or</c>) is an error anywhere except as an element
/// of a list literal or the left side of <c>in</c>, where it only equals another no-value.</item>
/// </list>
/// </remarks>
internal static class RequirementInterpreter
{
    public static Value Evaluate(ExpressionNode node, ref EvaluationScope scope)
    {
        switch (node.Kind)
        {
            case ExpressionKind.Literal:
                return node.Literal;
            case ExpressionKind.Variable:
                return scope.TryGet(node.Name!, out var variable) ? variable : Value.Error;
            case ExpressionKind.ListLiteral:
                return EvaluateList(node, ref scope);
            case ExpressionKind.Negate:
                var number = Evaluate(node.Left!, ref scope);
                return number.Kind == ValueKind.Number ? Value.FromNumber(-number.Number) : Value.Error;
            case ExpressionKind.Not:
                var operand = Evaluate(node.Left!, ref scope);
                return operand.Kind == ValueKind.Boolean ? Value.FromBoolean(!operand.IsTruthyPayload) : Value.Error;
            case ExpressionKind.Binary:
                var left = Evaluate(node.Left!, ref scope);
                if (left.Kind == ValueKind.Error)
                {
                    return left;
                }

                var right = Evaluate(node.Right!, ref scope);
                return right.Kind == ValueKind.Error ? right : Binary(node.Operator, left, right);
            case ExpressionKind.In:
            case ExpressionKind.Subset:
                return EvaluateMembership(node, ref scope);
            case ExpressionKind.Assign:
                var assigned = Evaluate(node.Left!, ref scope);
                if (assigned.Kind == ValueKind.Error)
                {
                    return assigned;
                }

                scope.Assign(node.Name!, assigned);
                return Value.NoValue;
            default:
                return Value.Error;
        }
    }

    /// <summary>Python <c>==</c> between two CLUES values (<c>TypedClass.__eq__</c>): same type, then same value.</summary>
    public static bool PythonEquals(in Value a, in Value b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a.Kind)
        {
            case ValueKind.String:
                return string.Equals(a.Text, b.Text, StringComparison.Ordinal);
            case ValueKind.Number:
                return a.Number == b.Number;
            case ValueKind.Boolean:
                // True == 1 and False == 0 in Python; None equals only None.
                return a.Payload == BooleanPayload.None || b.Payload == BooleanPayload.None
                    ? a.Payload == b.Payload
                    : a.Number == b.Number;
            case ValueKind.List:
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!PythonEquals(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                // UNKNOWN == UNKNOWN (None == None) and no-value == no-value.
                return true;
        }
    }

    private static Value EvaluateList(ExpressionNode node, ref EvaluationScope scope)
    {
        var items = new Value[node.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Evaluate(node.Items[i], ref scope);
            if (items[i].Kind == ValueKind.Error)
            {
                return Value.Error;
            }
        }

        return Value.FromList(items);
    }

    private static Value EvaluateMembership(ExpressionNode node, ref EvaluationScope scope)
    {
        var needle = Evaluate(node.Left!, ref scope);
        if (needle.Kind == ValueKind.Error)
        {
            return needle;
        }

        Value list;
        if (node.Right is not null)
        {
            list = Evaluate(node.Right, ref scope);
        }
        else if (!scope.TryGet(node.Name!, out list))
        {
            return Value.Error;
        }

        if (list.Kind != ValueKind.List)
        {
            return Value.Error;
        }

        if (node.Kind == ExpressionKind.In)
        {
            return Value.FromBoolean(Contains(list, needle));
        }

        if (needle.Kind != ValueKind.List)
        {
            return Value.Error;
        }

        for (var i = 0; i < needle.Count; i++)
        {
            if (!Contains(list, needle[i]))
            {
                return Value.False;
            }
        }

        return Value.True;
    }

    private static bool Contains(in Value list, in Value needle)
    {
        // Fast path for the common `"queue" in queues`: a string among a keyword's items, no conversion.
        if (needle.Kind == ValueKind.String && list.KeywordItems is { } keywords)
        {
            var text = needle.Text;
            for (var i = 0; i < keywords.Count; i++)
            {
                var item = keywords[i];
                if (item.Type == KeywordType.String && string.Equals(item.Text, text, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        var count = list.Count;
        for (var i = 0; i < count; i++)
        {
            if (PythonEquals(needle, list[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static Value Binary(TokenKind op, in Value a, in Value b)
    {
        if (a.Kind != b.Kind || a.Kind == ValueKind.NoValue)
        {
            return Value.Error;
        }

        return op switch
        {
            TokenKind.Plus or TokenKind.Minus or TokenKind.Times or TokenKind.Divide => Arithmetic(op, a, b),
            _ => Compare(op, a, b),
        };
    }

    private static Value Arithmetic(TokenKind op, in Value a, in Value b)
    {
        switch (a.Kind)
        {
            case ValueKind.String when op == TokenKind.Plus:
                return Value.FromString(a.Text + b.Text);
            case ValueKind.List when op == TokenKind.Plus:
                var joined = new Value[a.Count + b.Count];
                for (var i = 0; i < a.Count; i++)
                {
                    joined[i] = a[i];
                }

                for (var i = 0; i < b.Count; i++)
                {
                    joined[a.Count + i] = b[i];
                }

                return Value.FromList(joined);
            case ValueKind.Number:
                return op switch
                {
                    TokenKind.Plus => Value.FromNumber(a.Number + b.Number),
                    TokenKind.Minus => Value.FromNumber(a.Number - b.Number),
                    TokenKind.Times => Value.FromNumber(a.Number * b.Number),
                    // Python raises ZeroDivisionError, for 0.0 too.
                    _ => b.Number == 0 ? Value.Error : Value.FromNumber(a.Number / b.Number),
                };
            default:
                return Value.Error;
        }
    }

    private static Value Compare(TokenKind op, in Value a, in Value b)
    {
        if (a.Kind == ValueKind.List || (a.Kind == ValueKind.String && op is not (TokenKind.Equal or TokenKind.NotEqual)))
        {
            return Value.Error;
        }

        switch (op)
        {
            case TokenKind.Equal:
                return Value.FromBoolean(PythonEquals(a, b));
            case TokenKind.NotEqual:
                return Value.FromBoolean(!PythonEquals(a, b));
            case TokenKind.AndAnd:
                return Value.BooleanHolding(IsTruthy(a) ? b : a);
            case TokenKind.OrOr:
                return Value.BooleanHolding(IsTruthy(a) ? a : b);
            case TokenKind.AndWord:
            case TokenKind.OrWord:
                return Value.NoValue;
        }

        // Ordering: Python refuses None on either side.
        if (a.Kind == ValueKind.Unknown
            || (a.Kind == ValueKind.Boolean && (a.Payload == BooleanPayload.None || b.Payload == BooleanPayload.None)))
        {
            return Value.Error;
        }

        return Value.FromBoolean(op switch
        {
            TokenKind.Less => a.Number < b.Number,
            TokenKind.LessOrEqual => a.Number <= b.Number,
            TokenKind.Greater => a.Number > b.Number,
            _ => a.Number >= b.Number,
        });
    }

    // Python truthiness of a NUMBER, BOOLEAN or UNKNOWN (None) operand.
    private static bool IsTruthy(in Value value) => value.Kind switch
    {
        ValueKind.Number => value.Number != 0,
        ValueKind.Boolean => value.IsTruthyPayload,
        _ => false,
    };
}
