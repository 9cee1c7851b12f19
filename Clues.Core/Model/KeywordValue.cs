using System.Text;
using Clues.Core.Requirements;

namespace Clues.Core.Model;

/// <summary>
/// A typed node keyword value (CLUES' <c>TypedClass</c>): what LRMS plugins publish about a node
/// (<c>hostname</c>, <c>queues</c>...) and what request requirement expressions test (spec §2.11).
/// </summary>
/// <remarks>
/// <para>Equality is typed value equality, as CLUES compares keywords (spec §2.7): same type, then strings
/// ordinally, numbers by value (<c>2</c> equals <c>2.0</c>), lists element by element. Unlike Python,
/// NaN equals NaN here so that the .NET equality contract holds.</para>
/// <para>Rendering: <see cref="ToString"/> gives what follows <c>name=</c> in a CLUES node description
/// (<c>TypedDict2Str</c>: <c>k="v";</c> for strings, <c>k=v;</c> otherwise); <see cref="ToPythonRepr"/> gives
/// Python's <c>repr</c> of the value.</para>
/// </remarks>
public sealed record KeywordValue
{
    private KeywordValue(KeywordType type, string? text, double number, bool boolean, IReadOnlyList<KeywordValue>? items,
        bool isFloat = false)
    {
        Type = type;
        Text = text;
        Number = number;
        Boolean = boolean;
        Items = items;
        IsFloat = isFloat;
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

    /// <summary>
    /// Whether a <see cref="KeywordType.Number"/> is what Python holds as a <c>float</c> (rendered <c>2.0</c>)
    /// rather than an <c>int</c> (rendered <c>2</c>). It only affects rendering, never equality.
    /// </summary>
    public bool IsFloat { get; }

    /// <summary>A string value.</summary>
    public static KeywordValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(KeywordType.String, value, 0, false, null);
    }

    /// <summary>
    /// A numeric value, integral values held as integers (CLUES' <c>TypedNumber</c>: <c>4.0</c> becomes <c>4</c>).
    /// </summary>
    public static KeywordValue FromNumber(double value) =>
        new(KeywordType.Number, null, value, false, null, isFloat: !IsIntegral(value));

    /// <summary>A numeric value that Python holds as a <c>float</c> even when integral (rendered <c>2.0</c>).</summary>
    public static KeywordValue FromFloat(double value) => new(KeywordType.Number, null, value, false, null, isFloat: true);

    /// <summary>A boolean value.</summary>
    public static KeywordValue FromBoolean(bool value) => new(KeywordType.Boolean, null, 0, value, null);

    /// <summary>A list value (the items are copied).</summary>
    public static KeywordValue FromList(IEnumerable<KeywordValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(KeywordType.List, null, 0, false, items.ToArray());
    }

    /// <summary>The value with no type.</summary>
    public static KeywordValue Unknown { get; } = new(KeywordType.Unknown, null, 0, false, null);

    /// <summary>
    /// CLUES' "auto" conversion of plugin text (<c>TypedClass.auto</c>): text Python's <c>float()</c> accepts
    /// becomes a NUMBER (an integer when <c>int()</c> also accepts it, so <c>"4"</c> → 4 but <c>"2.0"</c> → 2.0,
    /// and <c>"nan"</c>/<c>"inf"</c> are numbers too); text longer than two characters between <c>[</c> and
    /// <c>]</c> becomes a LIST of auto-converted items; <c>true</c>/<c>false</c> in any case become BOOLEAN;
    /// anything else is a STRING kept verbatim.
    /// </summary>
    /// <remarks>
    /// KEEP: list items are split on commas outside double-quoted runs and are not trimmed or unquoted, exactly
    /// as CLUES does: <c>[a, b]</c> gives <c>"a"</c> and <c>" b"</c>, and <c>["a"]</c> gives the three-character
    /// string <c>"a"</c> with its quotes (spec clues-plugins §2, PBS). <c>[]</c> is the STRING <c>"[]"</c>.
    /// </remarks>
    public static KeywordValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (PythonNumberSyntax.TryParseFloat(text, out var number))
        {
            return PythonNumberSyntax.IsPythonInt(text) ? FromNumber(number) : FromFloat(number);
        }

        if (text.Length > 2 && text[0] == '[' && text[^1] == ']')
        {
            return FromList(SplitListItems(text.AsSpan(1, text.Length - 2)).Select(Parse));
        }

        if (IsWordIgnoringCase(text, "true"))
        {
            return FromBoolean(true);
        }

        return IsWordIgnoringCase(text, "false") ? FromBoolean(false) : FromString(text);
    }

    /// <summary>Typed value equality (see the type remarks).</summary>
    public bool Equals(KeywordValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Type != Type)
        {
            return false;
        }

        return Type switch
        {
            KeywordType.String => string.Equals(Text, other.Text, StringComparison.Ordinal),
            KeywordType.Number => Number.Equals(other.Number),
            KeywordType.Boolean => Boolean == other.Boolean,
            KeywordType.List => ItemsEqual(Items!, other.Items!),
            _ => true,
        };
    }

    private static bool ItemsEqual(IReadOnlyList<KeywordValue> a, IReadOnlyList<KeywordValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        switch (Type)
        {
            case KeywordType.String:
                return HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode(Text!));
            case KeywordType.Number:
                // 0.0 and -0.0 are equal, so they must hash alike.
                return HashCode.Combine(Type, Number == 0 ? 0.0 : Number);
            case KeywordType.Boolean:
                return HashCode.Combine(Type, Boolean);
            case KeywordType.List:
                var hash = new HashCode();
                hash.Add(Type);
                foreach (var item in Items!)
                {
                    hash.Add(item);
                }

                return hash.ToHashCode();
            default:
                return Type.GetHashCode();
        }
    }

    /// <summary>
    /// The value as CLUES writes it after <c>name=</c> in a node description: a string in double quotes with no
    /// escaping (<c>"wn1"</c>), anything else as Python prints it (<c>4</c>, <c>2.5</c>, <c>True</c>,
    /// <c>['all.q', 'gpu']</c>, <c>None</c>).
    /// </summary>
    public override string ToString() => Type == KeywordType.String ? "\"" + Text + "\"" : ToPythonRepr();

    /// <summary>
    /// Python's <c>repr</c> of the value: <c>'wn1'</c>, <c>4</c> (integer), <c>2.0</c> or <c>2.5</c> (float),
    /// <c>True</c>, <c>['all.q', 'gpu']</c> (Python list syntax, single-quoted strings), <c>None</c> (unknown).
    /// </summary>
    public string ToPythonRepr() => Type switch
    {
        KeywordType.String => PythonRepr.String(Text!),
        KeywordType.Number => IsFloat ? PythonRepr.Float(Number) : PythonRepr.Integer(Number),
        KeywordType.Boolean => PythonRepr.Boolean(Boolean),
        KeywordType.List => AppendList(new StringBuilder()).ToString(),
        _ => "None",
    };

    private StringBuilder AppendList(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < Items!.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(Items[i].ToPythonRepr());
        }

        return sb.Append(']');
    }

    private static bool IsIntegral(double value) => double.IsFinite(value) && Math.Floor(value) == value;

    // Python's str.lower() == word; per-character invariant lowering gives the same answer for these ASCII words.
    private static bool IsWordIgnoringCase(string text, string word)
    {
        if (text.Length != word.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.ToLowerInvariant(text[i]) != word[i])
            {
                return false;
            }
        }

        return true;
    }

    // CLUES matches `^,(?P<value>("(\.|[^"])*"|[^,]*)*)` repeatedly on "," + contents: an item is a run of
    // complete double-quoted strings (commas allowed inside) and of non-comma characters.
    private static List<string> SplitListItems(ReadOnlySpan<char> contents)
    {
        var items = new List<string>();
        var pos = -1; // the virtual leading comma
        while (pos < contents.Length && (pos < 0 || contents[pos] == ','))
        {
            var start = ++pos;
            while (pos < contents.Length)
            {
                var close = contents[pos] == '"' ? contents[(pos + 1)..].IndexOf('"') : -1;
                if (close >= 0)
                {
                    pos += close + 2;
                    continue;
                }

                var comma = contents[pos..].IndexOf(',');
                if (comma == 0)
                {
                    break;
                }

                pos = comma < 0 ? contents.Length : pos + comma;
            }

            items.Add(contents[start..pos].ToString());
        }

        return items;
    }
}
