using System.Globalization;
using System.Text;

namespace Clues.Plugins.Im.Radl;

/// <summary>
/// A RADL document (the Resource and Application Description Language of the Infrastructure Manager): the parts CLUES
/// reads and writes. Features it does not interpret are kept as they were written.
/// </summary>
internal sealed class RadlDocument
{
    public List<RadlNetwork> Networks { get; } = [];

    public List<RadlSystem> Systems { get; } = [];

    public List<RadlConfigure> Configures { get; } = [];

    /// <summary>The items of the <c>contextualize</c> section, in order; empty when there is none.</summary>
    public List<RadlContextualizeItem> ContextualizeItems { get; } = [];

    public List<RadlDeploy> Deploys { get; } = [];

    public RadlSystem? System(string name) => Systems.Find(s => s.Name == name);
}

/// <summary>A <c>network</c> section; only its id matters to CLUES.</summary>
internal sealed record RadlNetwork(string Id);

/// <summary>A <c>configure</c> section; <see cref="Body"/> is the text between its parentheses, as written.</summary>
internal sealed record RadlConfigure(string Name, string Body)
{
    public override string ToString() => $"configure {Name} ({Body})";
}

/// <summary>One <c>system S configure C [step N]</c> item of a <c>contextualize</c> section.</summary>
internal sealed record RadlContextualizeItem(string System, string Configure, int Step)
{
    public override string ToString() => Step == 0 ? $"system {System} configure {Configure}" : $"system {System} configure {Configure} step {Step.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A <c>contextualize</c> section with <paramref name="items"/>.</summary>
    public static string Section(IEnumerable<RadlContextualizeItem> items) =>
        "contextualize (\n" + string.Concat(items.Select(i => "    " + i + "\n")) + ")";
}

/// <summary>A <c>deploy S N</c> line.</summary>
internal sealed record RadlDeploy(string System, int Count);

/// <summary>
/// One feature of a system: <c>key op value</c>. <see cref="Value"/> is a string or a double for simple features, and
/// null for the nested ones (<c>contains (...)</c>, <c>soft N (...)</c>), which only keep their text.
/// </summary>
internal sealed record RadlFeature(string Key, string Op, object? Value, string Text)
{
    public static RadlFeature Simple(string key, object value) => new(key, "=", value, key + " = " + Format(value));

    private static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => "'" + value.ToString()!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
    };
}

/// <summary>A <c>system</c> section: a VM type, its name and its features in order.</summary>
internal sealed class RadlSystem(string name, IEnumerable<RadlFeature> features)
{
    private readonly List<RadlFeature> _features = features.ToList();

    public string Name { get; set; } = name;

    public IReadOnlyList<RadlFeature> Features => _features;

    /// <summary>The value of the first <c>key = value</c> feature, or null.</summary>
    public object? GetValue(string key) => _features.Find(f => f.Key == key && f.Op == "=" && f.Value is not null)?.Value;

    public string? GetString(string key) => GetValue(key) switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    /// <summary>The number of <paramref name="key"/>: a number, or a string holding one; <paramref name="fallback"/> otherwise.</summary>
    public double GetNumber(string key, double fallback) => GetValue(key) switch
    {
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    /// <summary>
    /// Whether <paramref name="key"/> is set to a true value. CLUES took any non-empty string as true, <c>'false'</c>
    /// included; here <c>false</c>, <c>no</c>, <c>0</c> and the empty string are false.
    /// </summary>
    public bool GetFlag(string key) => GetValue(key) switch
    {
        double d => d != 0,
        string s => s.Trim().ToLowerInvariant() is not ("" or "false" or "no" or "0"),
        _ => false,
    };

    /// <summary>Replaces every <c>key = ...</c> feature by <c>key = value</c> (added at the end when missing).</summary>
    public void SetValue(string key, object value)
    {
        var feature = RadlFeature.Simple(key, value);
        var index = _features.FindIndex(f => f.Key == key && f.Op == "=");
        if (index < 0)
        {
            _features.Add(feature);
            return;
        }
        _features[index] = feature;
        _features.RemoveAll(f => f.Key == key && f.Op == "=" && !ReferenceEquals(f, feature));
    }

    public RadlSystem Clone() => new(Name, _features);

    public override string ToString()
    {
        var text = new StringBuilder("system ").Append(Name).Append(" (\n");
        text.AppendJoin(" and\n", _features.Select(f => "    " + f.Text));
        return text.Append("\n)").ToString();
    }
}
