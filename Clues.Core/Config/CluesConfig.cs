using System.Globalization;

namespace Clues.Core.Config;

/// <summary>
/// The merged CLUES configuration: <c>clues2.cfg</c> files and <c>CONFIG_DIR/*.cfg</c> files, later ones
/// overriding earlier ones, each value remembering the file it came from.
/// </summary>
/// <remarks>
/// Section names are case-sensitive and keys case-insensitive, as in Python's ConfigParser; a key missing from a
/// section is looked up in <c>[DEFAULT]</c>, as ConfigParser does. Values are raw: no <c>%</c> interpolation
/// (FIX spec §14 Q17), so <c>%%h</c> stays <c>%%h</c>. Typed reads follow CLUES' rules (spec §13.1), collect
/// problems in <see cref="Errors"/> instead of stopping at the first, and are remembered in <see cref="Reads"/>
/// so that the keys the code knows can be listed and unknown keys spotted.
/// </remarks>
public sealed class CluesConfig
{
    /// <summary>ConfigParser's default section: its keys apply to every section that lacks them.</summary>
    public const string DefaultSection = "DEFAULT";

    private readonly Dictionary<string, Dictionary<string, ConfigEntry>> _sections = new(StringComparer.Ordinal);
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigWarning> _warnings = [];
    private readonly List<string> _files = [];
    private readonly List<ConfigRead> _reads = [];
    private readonly Dictionary<string, int> _readIndex = new(StringComparer.Ordinal);

    /// <summary>The files read, in reading order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Problems found by typed reads so far.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>Things the loader noticed that are legal but probably mistakes (a key set twice in one file).</summary>
    public IReadOnlyList<ConfigWarning> Warnings => _warnings;

    /// <summary>The section names present.</summary>
    public IEnumerable<string> SectionNames => _sections.Keys;

    /// <summary>Every key asked for through a typed getter, first read first; one entry per section and key.</summary>
    public IReadOnlyList<ConfigRead> Reads => _reads;

    /// <summary>Records that a file was read (for messages and <c>clues-host check</c>).</summary>
    public void AddFile(string path) => _files.Add(path);

    /// <summary>Sets a value, overriding any earlier one.</summary>
    /// <param name="section">Section name (case-sensitive).</param>
    /// <param name="key">Key (case-insensitive).</param>
    /// <param name="value">Raw value.</param>
    /// <param name="file">The file it came from, or null when set in code.</param>
    /// <param name="line">The line of the key in <paramref name="file"/>, when known.</param>
    public void Set(string section, string key, string value, string? file = null, int? line = null)
    {
        if (!_sections.TryGetValue(section, out var entries))
        {
            entries = new Dictionary<string, ConfigEntry>(StringComparer.OrdinalIgnoreCase);
            _sections[section] = entries;
        }
        entries[key] = new ConfigEntry(key, value, file, line);
    }

    /// <summary>The raw entry for a key (falling back to <c>[DEFAULT]</c>), or null when absent.</summary>
    public ConfigEntry? Find(string section, string key) =>
        FindIn(section, key) ?? (section == DefaultSection ? null : FindIn(DefaultSection, key));

    /// <summary>The entries of a section (empty when the section is absent); <c>[DEFAULT]</c> is not merged in.</summary>
    public IEnumerable<ConfigEntry> Entries(string section) =>
        _sections.TryGetValue(section, out var entries) ? entries.Values : [];

    /// <summary>A string value: everything after the first <c>#</c> is cut and the rest trimmed (spec §13.1).</summary>
    public string GetString(string section, string key, string defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return Record(section, key, ConfigValueKind.String, defaultValue, defaultValue, null);
        }
        return Record(section, key, ConfigValueKind.String, defaultValue, StringValue(entry.Value), entry);
    }

    /// <summary>A raw value read as a string key: cut at the first <c>#</c> and trimmed.</summary>
    /// <remarks>KEEP (spec §14 Q23): CLUES cuts string values at the first '#', even inside a secret or a command.</remarks>
    internal static string StringValue(string raw) => (raw.IndexOf('#') is var hash and >= 0 ? raw[..hash] : raw).Trim();

    /// <summary>An integer value; <c>60.0</c> is rejected as in CLUES.</summary>
    public int GetInt(string section, string key, int defaultValue)
    {
        var entry = Find(section, key);
        var text = entry?.Value.Trim();
        if (entry is null)
        {
            return Record(section, key, ConfigValueKind.Int, defaultValue, defaultValue, null);
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            return Record(section, key, ConfigValueKind.Int, defaultValue, result, entry);
        }
        // KEEP (spec §14 Q23): integer keys reject "60.0" as CLUES does; say how to write it instead.
        var expected = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) <= int.MaxValue
                ? $"an integer: write {Format(number)}, not {text}"
                : "an integer (such as 60)";
        AddError(entry, section, expected);
        return Record(section, key, ConfigValueKind.Int, defaultValue, defaultValue, entry, invalid: true);
    }

    /// <summary>A floating-point value.</summary>
    public double GetDouble(string section, string key, double defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return Record(section, key, ConfigValueKind.Double, defaultValue, defaultValue, null);
        }
        if (double.TryParse(entry.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            && double.IsFinite(result))
        {
            return Record(section, key, ConfigValueKind.Double, defaultValue, result, entry);
        }
        AddError(entry, section, "a number (such as 300 or 2.5)");
        return Record(section, key, ConfigValueKind.Double, defaultValue, defaultValue, entry, invalid: true);
    }

    /// <summary>A boolean value: 1/yes/true/on or 0/no/false/off, any case.</summary>
    public bool GetBool(string section, string key, bool defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return Record(section, key, ConfigValueKind.Bool, defaultValue, defaultValue, null);
        }
        switch (entry.Value.Trim().ToLowerInvariant())
        {
            case "1" or "yes" or "true" or "on":
                return Record(section, key, ConfigValueKind.Bool, defaultValue, true, entry);
            case "0" or "no" or "false" or "off":
                return Record(section, key, ConfigValueKind.Bool, defaultValue, false, entry);
            default:
                AddError(entry, section, "a boolean (true/false, yes/no, on/off, 1/0)");
                return Record(section, key, ConfigValueKind.Bool, defaultValue, defaultValue, entry, invalid: true);
        }
    }

    /// <summary>Records a problem found while interpreting a value.</summary>
    public void AddError(ConfigEntry entry, string section, string expected) =>
        AddError(new ConfigError(entry.File, section, entry.Key, entry.Value, expected, entry.Line));

    /// <summary>Records a problem that is not about one present value; a problem already recorded is not repeated.</summary>
    public void AddError(ConfigError error)
    {
        // Options may be bound more than once (daemon start-up, then a plugin): report each problem once.
        if (!_errors.Contains(error))
        {
            _errors.Add(error);
        }
    }

    /// <summary>Records something legal but probably wrong; a warning already recorded is not repeated.</summary>
    public void AddWarning(ConfigWarning warning)
    {
        if (!_warnings.Contains(warning))
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Throws a <see cref="ConfigException"/> listing every problem, if there is any.</summary>
    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors.ToArray());
        }
    }

    /// <summary>Formats a value the way <c>clues-host check</c> prints it (invariant culture, lower-case booleans).</summary>
    public static string Format<T>(T value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private ConfigEntry? FindIn(string section, string key) =>
        _sections.TryGetValue(section, out var entries) && entries.TryGetValue(key, out var entry) ? entry : null;

    private T Record<T>(string section, string key, ConfigValueKind kind, T defaultValue, T value, ConfigEntry? entry, bool invalid = false)
    {
        var id = section + "\0" + key.ToUpperInvariant();
        if (!_readIndex.ContainsKey(id))
        {
            _readIndex[id] = _reads.Count;
            _reads.Add(new ConfigRead(section, key, kind, Format(defaultValue), Format(value), invalid ? null : entry)
            {
                RejectedEntry = invalid ? entry : null,
            });
        }
        return value;
    }
}
