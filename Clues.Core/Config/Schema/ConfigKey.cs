using System.Globalization;

namespace Clues.Core.Config.Schema;

/// <summary>
/// One declared key of a plugin section: its name, kind, default and meaning. The plugin reads its value through
/// the typed <see cref="ConfigKey{T}"/>, <c>clues-host check</c> reads every declared key through the same object,
/// and the documentation is printed from it, so the three cannot disagree.
/// </summary>
public abstract class ConfigKey
{
    private protected ConfigKey(string name, ConfigValueKind kind, string description, bool required, bool isPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Name = name;
        Kind = kind;
        Description = description;
        Required = required;
        IsPrefix = isPrefix;
    }

    /// <summary>The key (matched case-insensitively), or the common prefix of a key family.</summary>
    public string Name { get; }

    /// <summary>How the value is parsed.</summary>
    public ConfigValueKind Kind { get; }

    /// <summary>What the key means, one sentence (shown by the documentation and in errors).</summary>
    public string Description { get; }

    /// <summary>Whether an empty value is an error (the plugin cannot work without it).</summary>
    public bool Required { get; }

    /// <summary>
    /// True for a family of keys sharing <see cref="Name"/> as a prefix, such as <c>NODE_SLOTS_&lt;node&gt;</c>.
    /// </summary>
    public bool IsPrefix { get; }

    /// <summary>The default, formatted as <c>clues-host check</c> prints it.</summary>
    public abstract string DefaultText { get; }

    /// <summary>Reads the key (every key of a family) so that its value is checked and listed by <c>clues-host check</c>.</summary>
    public abstract void Bind(CluesConfig config, string section);

    /// <summary>A string key.</summary>
    /// <param name="name">The key.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <param name="description">What it means.</param>
    /// <param name="required">Whether an empty value is an error.</param>
    /// <param name="validate">Returns what was expected when the value is not acceptable, or null.</param>
    public static ConfigKey<string> String(string name, string defaultValue, string description, bool required = false, Func<string, string?>? validate = null) =>
        new(name, ConfigValueKind.String, defaultValue, description, required, false, validate, static (c, s, k, d) => c.GetString(s, k, d));

    /// <summary>An integer key.</summary>
    public static ConfigKey<int> Int(string name, int defaultValue, string description, Func<int, string?>? validate = null) =>
        new(name, ConfigValueKind.Int, defaultValue, description, false, false, validate, static (c, s, k, d) => c.GetInt(s, k, d));

    /// <summary>A number key.</summary>
    public static ConfigKey<double> Double(string name, double defaultValue, string description, Func<double, string?>? validate = null) =>
        new(name, ConfigValueKind.Double, defaultValue, description, false, false, validate, static (c, s, k, d) => c.GetDouble(s, k, d));

    /// <summary>A boolean key.</summary>
    public static ConfigKey<bool> Bool(string name, bool defaultValue, string description) =>
        new(name, ConfigValueKind.Bool, defaultValue, description, false, false, null, static (c, s, k, d) => c.GetBool(s, k, d));

    /// <summary>A family of number keys, <paramref name="prefix"/> followed by a name (for example a node's).</summary>
    public static ConfigKey<double> DoubleFamily(string prefix, string description, Func<double, string?>? validate = null) =>
        new(prefix, ConfigValueKind.Double, 0, description, false, true, validate, static (c, s, k, d) => c.GetDouble(s, k, d));

    /// <summary>Whether <paramref name="key"/> is this key or a member of this family.</summary>
    public bool Matches(string key) => IsPrefix
        ? key.Length > Name.Length && key.StartsWith(Name, StringComparison.OrdinalIgnoreCase)
        : string.Equals(key, Name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A declared key whose value is a <typeparamref name="T"/>.</summary>
/// <typeparam name="T"><see cref="string"/>, <see cref="int"/>, <see cref="double"/> or <see cref="bool"/>.</typeparam>
public sealed class ConfigKey<T> : ConfigKey
    where T : notnull
{
    private readonly Func<T, string?>? _validate;
    private readonly Func<CluesConfig, string, string, T, T> _get;

    internal ConfigKey(string name, ConfigValueKind kind, T defaultValue, string description, bool required, bool isPrefix,
        Func<T, string?>? validate, Func<CluesConfig, string, string, T, T> get)
        : base(name, kind, description, required, isPrefix)
    {
        Default = defaultValue;
        _validate = validate;
        _get = get;
    }

    /// <summary>The value when the key is absent (or its value is invalid).</summary>
    public T Default { get; }

    /// <inheritdoc />
    public override string DefaultText => CluesConfig.Format(Default);

    /// <summary>
    /// The value of the key in <paramref name="section"/> (falling back to <c>[DEFAULT]</c>); a value of the wrong
    /// type, a rejected value or a missing required value is recorded in <see cref="CluesConfig.Errors"/> and the
    /// default is returned.
    /// </summary>
    public T Read(CluesConfig config, string section)
    {
        ArgumentNullException.ThrowIfNull(config);
        return IsPrefix ? throw new InvalidOperationException($"{Name} is a key family: use ReadFamily") : ReadKey(config, section, Name);
    }

    /// <summary>Every key of the family present in <paramref name="section"/>, by the name after the prefix.</summary>
    public IReadOnlyDictionary<string, T> ReadFamily(CluesConfig config, string section)
    {
        ArgumentNullException.ThrowIfNull(config);
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in config.Entries(section).Where(e => Matches(e.Key)))
        {
            values[entry.Key[Name.Length..]] = ReadKey(config, section, entry.Key);
        }
        return values;
    }

    /// <inheritdoc />
    public override void Bind(CluesConfig config, string section)
    {
        if (IsPrefix)
        {
            ReadFamily(config, section);
        }
        else
        {
            Read(config, section);
        }
    }

    private T ReadKey(CluesConfig config, string section, string key)
    {
        var value = _get(config, section, key, Default);
        var entry = config.Find(section, key);
        if (Required && value is string { Length: 0 })
        {
            config.AddError(new ConfigError(entry?.File, section, key, entry?.Value,
                $"a value (mandatory): {Description}", entry?.Line));
            return value;
        }
        if (_validate?.Invoke(value) is { } expected)
        {
            config.AddError(new ConfigError(entry?.File, section, key,
                entry?.Value ?? Convert.ToString(value, CultureInfo.InvariantCulture), expected, entry?.Line));
            return Default;
        }
        return value;
    }
}
