namespace Clues.Core.Model;

/// <summary>The type of a node keyword or of a value of the requirements language.</summary>
public enum KeywordType
{
    /// <summary>No value (an empty term, or a failed evaluation).</summary>
    Unknown,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number (integral or not).</summary>
    Number,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A list of typed values.</summary>
    List,
}

/// <summary>
/// A typed node keyword value (CLUES' <c>TypedClass</c>): what LRMS plugins publish about a node
/// (<c>hostname</c>, <c>queues</c>...) and what request requirement expressions test.
/// </summary>
public sealed record KeywordValue
{
    private KeywordValue(KeywordType type, string? text, double number, bool boolean, IReadOnlyList<KeywordValue>? items)
    {
        Type = type;
        Text = text;
        Number = number;
        Boolean = boolean;
        Items = items;
    }

    /// <summary>The value's type.</summary>
    public KeywordType Type { get; }
    /// <summary>The string value when <see cref="Type"/> is <see cref="KeywordType.String"/>.</summary>
    public string? Text { get; }
    /// <summary>The numeric value when <see cref="Type"/> is <see cref="KeywordType.Number"/>.</summary>
    public double Number { get; }
    /// <summary>The boolean value when <see cref="Type"/> is <see cref="KeywordType.Boolean"/>.</summary>
    public bool Boolean { get; }
    /// <summary>The items when <see cref="Type"/> is <see cref="KeywordType.List"/>.</summary>
    public IReadOnlyList<KeywordValue>? Items { get; }

    /// <summary>A string value.</summary>
    public static KeywordValue FromString(string value) => new(KeywordType.String, value, 0, false, null);
    /// <summary>A numeric value.</summary>
    public static KeywordValue FromNumber(double value) => new(KeywordType.Number, null, value, false, null);
    /// <summary>A boolean value.</summary>
    public static KeywordValue FromBoolean(bool value) => new(KeywordType.Boolean, null, 0, value, null);
    /// <summary>A list value.</summary>
    public static KeywordValue FromList(IEnumerable<KeywordValue> items) => new(KeywordType.List, null, 0, false, items.ToArray());
    /// <summary>The value with no type.</summary>
    public static KeywordValue Unknown { get; } = new(KeywordType.Unknown, null, 0, false, null);
}
