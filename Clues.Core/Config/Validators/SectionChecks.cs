namespace Clues.Core.Config.Validators;

/// <summary>
/// Small value checks for one section; each failure becomes a <see cref="ConfigError"/> that names the file,
/// line, section, key and value the effective value came from.
/// </summary>
internal sealed class SectionChecks(CluesConfig config, string section)
{
    /// <summary>Log levels CLUES maps (anything else silently became debug there; here it is an error).</summary>
    public static readonly IReadOnlyList<string> LogLevels = ["debug", "info", "warning", "error"];

    /// <summary>Requires a value &gt; 0.</summary>
    public void Positive(string key, double value, string expected)
    {
        if (!(value > 0))
        {
            Fail(key, value, expected);
        }
    }

    /// <summary>Requires a value ≥ 0.</summary>
    public void NonNegative(string key, double value, string expected)
    {
        if (value < 0)
        {
            Fail(key, value, expected);
        }
    }

    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/>.</summary>
    public void InRange(string key, double value, double min, double max, string expected)
    {
        if (value < min || value > max)
        {
            Fail(key, value, expected);
        }
    }

    /// <summary>Requires a log level word (any case).</summary>
    public void LogLevel(string key, string value)
    {
        if (!LogLevels.Contains(value.ToLowerInvariant()))
        {
            Fail(key, value, "one of " + string.Join(", ", LogLevels));
        }
    }

    /// <summary>Records that the effective value of <paramref name="key"/> is not acceptable.</summary>
    public void Fail<T>(string key, T effective, string expected)
    {
        var entry = config.Find(section, key);
        config.AddError(entry is null
            ? new ConfigError(null, section, key, CluesConfig.Format(effective), expected + " (the value comes from the defaults)")
            : new ConfigError(entry.File, section, entry.Key, entry.Value, expected, entry.Line));
    }
}
