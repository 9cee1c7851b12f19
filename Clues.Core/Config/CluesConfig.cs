using System.Globalization;

namespace Clues.Core.Config;

/// <summary>
/// The merged CLUES configuration: <c>clues2.cfg</c> files and <c>CONFIG_DIR/*.cfg</c> files, later ones
/// overriding earlier ones, each value remembering the file it came from.
/// </summary>
/// <remarks>
/// Section names are case-sensitive and keys case-insensitive, as in Python's ConfigParser. Values are raw:
/// no <c>%</c> interpolation (FIX spec §14 Q17), so <c>%%h</c> stays <c>%%h</c>. Typed reads follow CLUES'
/// rules (spec §13.1) and collect problems in <see cref="Errors"/> instead of stopping at the first.
/// </remarks>
public sealed class CluesConfig
{
    private readonly Dictionary<string, Dictionary<string, ConfigEntry>> _sections = new(StringComparer.Ordinal);
    private readonly List<ConfigError> _errors = [];
    private readonly List<string> _files = [];

    /// <summary>The files read, in reading order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Problems found by typed reads so far.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>The section names present.</summary>
    public IEnumerable<string> SectionNames => _sections.Keys;

    /// <summary>Records that a file was read (for messages and <c>clues-host check</c>).</summary>
    public void AddFile(string path) => _files.Add(path);

    /// <summary>Sets a value, overriding any earlier one.</summary>
    /// <param name="section">Section name (case-sensitive).</param>
    /// <param name="key">Key (case-insensitive).</param>
    /// <param name="value">Raw value.</param>
    /// <param name="file">The file it came from, or null when set in code.</param>
    public void Set(string section, string key, string value, string? file = null)
    {
        if (!_sections.TryGetValue(section, out var entries))
        {
            entries = new Dictionary<string, ConfigEntry>(StringComparer.OrdinalIgnoreCase);
            _sections[section] = entries;
        }
        entries[key] = new ConfigEntry(key, value, file);
    }

    /// <summary>The raw entry for a key, or null when absent.</summary>
    public ConfigEntry? Find(string section, string key) =>
        _sections.TryGetValue(section, out var entries) && entries.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>The entries of a section (empty when the section is absent).</summary>
    public IEnumerable<ConfigEntry> Entries(string section) =>
        _sections.TryGetValue(section, out var entries) ? entries.Values : [];

    /// <summary>A string value: everything after the first <c>#</c> is cut and the rest trimmed (spec §13.1).</summary>
    public string GetString(string section, string key, string defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return defaultValue;
        }
        var value = entry.Value;
        var hash = value.IndexOf('#');
        return (hash >= 0 ? value[..hash] : value).Trim();
    }

    /// <summary>An integer value; <c>60.0</c> is rejected as in CLUES.</summary>
    public int GetInt(string section, string key, int defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return defaultValue;
        }
        if (int.TryParse(entry.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }
        AddError(entry, section, "an integer (such as 60)");
        return defaultValue;
    }

    /// <summary>A floating-point value.</summary>
    public double GetDouble(string section, string key, double defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return defaultValue;
        }
        if (double.TryParse(entry.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            && double.IsFinite(result))
        {
            return result;
        }
        AddError(entry, section, "a number (such as 300 or 2.5)");
        return defaultValue;
    }

    /// <summary>A boolean value: 1/yes/true/on or 0/no/false/off, any case.</summary>
    public bool GetBool(string section, string key, bool defaultValue)
    {
        var entry = Find(section, key);
        if (entry is null)
        {
            return defaultValue;
        }
        switch (entry.Value.Trim().ToLowerInvariant())
        {
            case "1" or "yes" or "true" or "on":
                return true;
            case "0" or "no" or "false" or "off":
                return false;
            default:
                AddError(entry, section, "a boolean (true/false, yes/no, on/off, 1/0)");
                return defaultValue;
        }
    }

    /// <summary>Records a problem found while interpreting a value.</summary>
    public void AddError(ConfigEntry entry, string section, string expected) =>
        _errors.Add(new ConfigError(entry.File, section, entry.Key, entry.Value, expected));

    /// <summary>Records a problem that is not about one present value.</summary>
    public void AddError(ConfigError error) => _errors.Add(error);

    /// <summary>Throws a <see cref="ConfigException"/> listing every problem, if there is any.</summary>
    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors.ToArray());
        }
    }
}

/// <summary>One raw configuration value and where it came from.</summary>
/// <param name="Key">The key as written.</param>
/// <param name="Value">The raw value.</param>
/// <param name="File">The file, or null when set in code.</param>
public sealed record ConfigEntry(string Key, string Value, string? File);
