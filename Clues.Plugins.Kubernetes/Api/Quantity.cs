using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clues.Plugins.Kubernetes.Api;

/// <summary>
/// A Kubernetes resource quantity (<c>8</c>, <c>250m</c>, <c>16321908Ki</c>, <c>1G</c>, <c>1e3</c>) as a number of
/// base units: cores for CPU, bytes for memory, a count for devices.
/// </summary>
/// <remarks>
/// FIX (spec clues-plugins §2.5): CLUES read allocatable CPU with <c>int()</c> (a node reporting <c>3500m</c> broke
/// monitoring) and memory with its own rules, where <c>M</c>/<c>G</c> were binary and <c>m</c> meant mebibytes.
/// Here the API's values follow the API's own definition: <c>Ki Mi Gi Ti Pi Ei</c> binary, <c>k M G T P E</c>
/// decimal, <c>n u m</c> fractions. The fixtures' values (<c>Ki</c>, <c>Mi</c>, plain numbers, <c>250m</c> CPU) read
/// the same either way.
/// </remarks>
[JsonConverter(typeof(QuantityJsonConverter))]
internal readonly record struct Quantity(double Value)
{
    public static Quantity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out var value)
            ? new Quantity(value)
            : throw new FormatException($"'{Shorten(text)}' is not a Kubernetes quantity (such as 2, 250m, 512Mi or 1G)");
    }

    private static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var end = 0;
        if (end < text.Length && text[end] is '+' or '-')
        {
            end++;
        }
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }
        if (!double.TryParse(text[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var suffix = text[end..];
        double multiplier;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E')
        {
            if (!int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || Math.Abs(exponent) > 30)
            {
                return false;
            }
            multiplier = Math.Pow(10, exponent);
        }
        else
        {
            multiplier = suffix switch
            {
                "" => 1,
                "n" => 1e-9,
                "u" => 1e-6,
                "m" => 1e-3,
                "k" => 1e3,
                "M" => 1e6,
                "G" => 1e9,
                "T" => 1e12,
                "P" => 1e15,
                "E" => 1e18,
                "Ki" => 1L << 10,
                "Mi" => 1L << 20,
                "Gi" => 1L << 30,
                "Ti" => 1L << 40,
                "Pi" => 1L << 50,
                "Ei" => 1L << 60,
                _ => double.NaN,
            };
        }
        value = number * multiplier;
        return double.IsFinite(value);
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

/// <summary>A quantity is a JSON string (<c>"250m"</c>) or, in hand-written manifests, a bare number (<c>1</c>).</summary>
internal sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => new Quantity(reader.GetDouble()),
        JsonTokenType.String => ParseOrThrow(reader.GetString()!),
        _ => throw new JsonException($"a Kubernetes quantity must be a string or a number, not {reader.TokenType}"),
    };

    private static Quantity ParseOrThrow(string text)
    {
        try
        {
            return Quantity.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value.ToString("R", CultureInfo.InvariantCulture));
}
