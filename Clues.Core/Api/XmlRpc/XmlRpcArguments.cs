using System.Globalization;

namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// Typed access to the parameters of one call. A wrong count or type becomes an
/// <see cref="XmlRpcFaultCodes.InvalidParams"/> fault whose message names the method and the parameter, in the
/// words Python used for the same mistakes.
/// </summary>
internal sealed class XmlRpcArguments
{
    private readonly string _method;
    private readonly IReadOnlyList<object> _values;
    private readonly string[] _names;

    /// <summary>Checks the count against the method's signature (<paramref name="names"/>, the first <paramref name="required"/> mandatory).</summary>
    public XmlRpcArguments(string method, IReadOnlyList<object> values, int required, params string[] names)
    {
        _method = method;
        _values = values;
        _names = names;
        if (values.Count > names.Length)
        {
            throw Invalid($"{method}() takes {Plural(names.Length, "positional argument")} but {values.Count} were given");
        }
        if (values.Count < required)
        {
            var missing = names[values.Count..required];
            throw Invalid($"{method}() missing {Plural(missing.Length, "required positional argument")}: "
                + string.Join(", ", missing.Select(n => $"'{n}'")));
        }
    }

    /// <summary>Whether the parameter was sent.</summary>
    public bool Has(int index) => index < _values.Count;

    /// <summary>The raw value.</summary>
    public object Raw(int index) => _values[index];

    /// <summary>A secret: a string, or null when something else was sent (which then fails authentication).</summary>
    public string? Secret(int index) => _values[index] as string;

    /// <summary>A string parameter.</summary>
    public string String(int index) =>
        _values[index] as string ?? throw WrongType(index, "a string");

    /// <summary>A string parameter, or the default when absent.</summary>
    public string String(int index, string defaultValue) => Has(index) ? String(index) : defaultValue;

    /// <summary>A number: <c>int</c>, <c>i4</c>, <c>i8</c> or <c>double</c> (FIX spec §14 Q29).</summary>
    public double Number(int index) => _values[index] switch
    {
        long l => l,
        double d when double.IsFinite(d) => d,
        _ => throw WrongType(index, "a number (int, i4, i8 or double)"),
    };

    /// <summary>A number, or the default when absent.</summary>
    public double Number(int index, double defaultValue) => Has(index) ? Number(index) : defaultValue;

    /// <summary>An integer: <c>int</c>, <c>i4</c>, <c>i8</c>, or a <c>double</c> with no fractional part.</summary>
    public long Integer(int index) => _values[index] switch
    {
        long l => l,
        double d when double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18 => (long)d,
        _ => throw WrongType(index, "an integer"),
    };

    /// <summary>A 32-bit integer (task counts).</summary>
    public int Int32(int index)
    {
        var value = Integer(index);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw WrongType(index, "an integer of at most 32 bits");
    }

    /// <summary>A truth value: a <c>boolean</c>, or a number read as Python would (non-zero is true).</summary>
    public bool Truth(int index) => _values[index] switch
    {
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        _ => throw WrongType(index, "a boolean"),
    };

    /// <summary>A truth value, or the default when absent.</summary>
    public bool Truth(int index, bool defaultValue) => Has(index) ? Truth(index) : defaultValue;

    /// <summary>An array of strings (numbers are accepted and written in invariant form).</summary>
    public IReadOnlyList<string> StringList(int index) => _values[index] switch
    {
        IReadOnlyList<object> items => items.Select(i => i switch
        {
            string s => s,
            long l => l.ToString(CultureInfo.InvariantCulture),
            _ => throw WrongType(index, "an array of strings"),
        }).ToArray(),
        _ => throw WrongType(index, "an array of strings"),
    };

    private XmlRpcFaultException WrongType(int index, string expected) =>
        Invalid($"{_method}(): argument '{_names[index]}' must be {expected}, got {TypeName(_values[index])}");

    private static XmlRpcFaultException Invalid(string message) => new(XmlRpcFaultCodes.InvalidParams, message);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>The XML-RPC type name of a parsed value, for messages.</summary>
    public static string TypeName(object value) => value switch
    {
        string => "string",
        long => "int",
        double => "double",
        bool => "boolean",
        byte[] => "base64",
        XmlRpcDateTime => "dateTime.iso8601",
        IReadOnlyDictionary<string, object> => "struct",
        IReadOnlyList<object> => "array",
        _ => value.GetType().Name,
    };
}
