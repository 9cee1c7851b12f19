namespace Clues.Core.Requirements;

/// <summary>A parsed requirement expression: its statements, or the syntax error that stopped it, and its warnings.</summary>
internal sealed class CompiledRequirement
{
    private readonly ExpressionNode?[] _statements;

    private CompiledRequirement(string source, ExpressionNode?[] statements, string? error, IReadOnlyList<string> warnings)
    {
        Source = source;
        _statements = statements;
        Error = error;
        Warnings = warnings;
    }

    /// <summary>The requirement text.</summary>
    public string Source { get; }

    /// <summary>The syntax error message naming the position, or null when the requirement parsed.</summary>
    public string? Error { get; }

    /// <summary>Constructs that parse but behave surprisingly (spec §14 Q21: <c>and</c>/<c>or</c>, trailing <c>;</c>...).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static CompiledRequirement Success(string source, IReadOnlyList<ExpressionNode?> statements, IReadOnlyList<string> warnings) =>
        new(source, [.. statements], null, warnings);

    public static CompiledRequirement Failure(string source, string error, IReadOnlyList<string> warnings) =>
        new(source, [], error, warnings);

    /// <summary>
    /// Runs the statements in order and returns the program value: for <c>s1 ; s2</c> the value of s2 unless it
    /// has none (an assignment), then s1's. PLY builds <c>s1 ; s2 ; s3</c> right-associatively and turns "neither
    /// side has a value" into UNKNOWN, so the result depends on the last two statements only: <c>a; x = 1</c> is
    /// a, but <c>a; x = 1; y = 2</c> is UNKNOWN, as is <c>a;</c> (the empty last statement). A single assignment has
    /// no value at all.
    /// </summary>
    public Value Evaluate(ref EvaluationScope scope)
    {
        if (Error is not null)
        {
            return Value.Error;
        }

        var last = Value.Unknown;
        var beforeLast = Value.Unknown;
        foreach (var statement in _statements)
        {
            var value = statement is null ? Value.Unknown : RequirementInterpreter.Evaluate(statement, ref scope);
            if (value.Kind == ValueKind.Error)
            {
                return value;
            }

            beforeLast = last;
            last = value;
        }

        if (last.Kind != ValueKind.NoValue || _statements.Length == 1)
        {
            return last;
        }

        return beforeLast.Kind != ValueKind.NoValue ? beforeLast : Value.Unknown;
    }
}
