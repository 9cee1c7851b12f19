using Clues.Core.Model;

namespace Clues.Core.Requirements;

/// <summary>
/// A value during evaluation. A struct with no allocation for numbers, booleans and keyword lookups, since the
/// packer evaluates every (request, node) pair of a pass.
/// </summary>
internal readonly struct Value
{
    private Value(ValueKind kind, double number = 0, object? reference = null, BooleanPayload payload = BooleanPayload.Bool)
    {
        Kind = kind;
        Number = number;
        Reference = reference;
        Payload = payload;
    }

    public ValueKind Kind { get; }
    /// <summary>A NUMBER's value, or a BOOLEAN's payload as a number (true = 1, false = 0).</summary>
    public double Number { get; }
    /// <summary>What a BOOLEAN holds.</summary>
    public BooleanPayload Payload { get; }
    /// <summary>A STRING's text, or a LIST's items as <c>Value[]</c> (built) or <c>IReadOnlyList&lt;KeywordValue&gt;</c> (a keyword).</summary>
    private object? Reference { get; }

    public static Value Error => default;
    public static Value NoValue { get; } = new(ValueKind.NoValue);
    public static Value Unknown { get; } = new(ValueKind.Unknown);
    public static Value True { get; } = new(ValueKind.Boolean, 1);
    public static Value False { get; } = new(ValueKind.Boolean, 0);

    public string Text => (string)Reference!;

    /// <summary>Whether this is the one result a requirement accepts: a BOOLEAN holding a real <c>True</c>.</summary>
    public bool IsTrue => Kind == ValueKind.Boolean && Payload == BooleanPayload.Bool && Number != 0;

    /// <summary>Python truthiness of a BOOLEAN's payload (<c>None</c> and 0 are false, NaN is true).</summary>
    public bool IsTruthyPayload => Payload != BooleanPayload.None && Number != 0;

    /// <summary>A LIST's items when they are a keyword's own items, else null.</summary>
    public IReadOnlyList<KeywordValue>? KeywordItems => Reference as IReadOnlyList<KeywordValue>;

    public int Count => Reference switch
    {
        Value[] values => values.Length,
        IReadOnlyList<KeywordValue> keywords => keywords.Count,
        _ => 0,
    };

    public static Value FromNumber(double number) => new(ValueKind.Number, number);

    public static Value FromString(string text) => new(ValueKind.String, reference: text);

    public static Value FromBoolean(bool value) => value ? True : False;

    public static Value FromList(Value[] items) => new(ValueKind.List, reference: items);

    /// <summary>A BOOLEAN-typed value holding whatever payload Python's <c>and</c>/<c>or</c> returned.</summary>
    public static Value BooleanHolding(in Value source) => source.Kind switch
    {
        ValueKind.Number => new(ValueKind.Boolean, source.Number, payload: BooleanPayload.Number),
        ValueKind.Unknown => new(ValueKind.Boolean, payload: BooleanPayload.None),
        _ => source,
    };

    public static Value FromKeyword(KeywordValue keyword) => keyword.Type switch
    {
        KeywordType.String => FromString(keyword.Text!),
        KeywordType.Number => FromNumber(keyword.Number),
        KeywordType.Boolean => FromBoolean(keyword.Boolean),
        KeywordType.List => new(ValueKind.List, reference: keyword.Items),
        _ => Unknown,
    };

    public Value this[int index] => Reference switch
    {
        Value[] values => values[index],
        IReadOnlyList<KeywordValue> keywords => FromKeyword(keywords[index]),
        _ => throw new InvalidOperationException("not a list"),
    };

    /// <summary>For tests and diagnostics: the value as a keyword, or null when it has no keyword form.</summary>
    public KeywordValue? ToKeyword()
    {
        switch (Kind)
        {
            case ValueKind.String: return KeywordValue.FromString(Text);
            case ValueKind.Number: return KeywordValue.FromNumber(Number);
            case ValueKind.Boolean when Payload == BooleanPayload.Bool: return KeywordValue.FromBoolean(Number != 0);
            case ValueKind.Unknown: return KeywordValue.Unknown;
            case ValueKind.List:
                var items = new KeywordValue[Count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (this[i].ToKeyword() is not { } item)
                    {
                        return null;
                    }

                    items[i] = item;
                }

                return KeywordValue.FromList(items);
            default: return null;
        }
    }

    public override string ToString() => Kind switch
    {
        ValueKind.Boolean when Payload == BooleanPayload.None => "BOOLEAN(None)",
        ValueKind.Boolean when Payload == BooleanPayload.Number => $"BOOLEAN({PythonRepr.Float(Number)})",
        _ => ToKeyword()?.ToPythonRepr() ?? Kind.ToString(),
    };
}
