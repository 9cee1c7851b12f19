using Clues.Core.Config.Ini;

namespace Clues.Core.Config;

/// <summary>
/// Builds a <see cref="CluesConfig"/> from files the way CLUES does (spec §13.1): <c>clues2.cfg</c> in every
/// search directory that has one, in order, later ones overriding earlier ones; then, for the
/// <c>[general] CONFIG_DIR</c> those main files name, the <c>*.cfg</c> files of <c>&lt;search dir&gt;/CONFIG_DIR</c>
/// in every search directory.
/// </summary>
/// <remarks>
/// KEEP (spec §14 Q23): the last search directory (<c>/etc/clues2</c>) wins, whatever the example file's comment
/// says. FIX (spec §14 Q23): CONFIG_DIR files are read sorted by name (ordinal), not in filesystem order, so
/// <c>10-a.cfg</c> reliably overrides <c>00-b.cfg</c>. Values are raw (no <c>%</c> interpolation, FIX §14 Q17).
/// A syntax error or an unreadable file does not stop the loading: every problem of every file is collected
/// and thrown together at the end.
/// </remarks>
public sealed class ConfigLoader
{
    private readonly ConfigLoaderOptions _options;

    /// <summary>Creates a loader for the given search directories or explicit file.</summary>
    public ConfigLoader(ConfigLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Reads the configuration. Every file read is listed in <see cref="CluesConfig.Files"/>; when no file
    /// exists the configuration is empty (all defaults), as in CLUES.
    /// </summary>
    /// <exception cref="ConfigException">A file has syntax errors, cannot be read, or the explicit file is missing.</exception>
    public CluesConfig Load()
    {
        var config = new CluesConfig();
        var errors = new List<ConfigError>();
        var read = new HashSet<string>(StringComparer.Ordinal);

        IReadOnlyList<string> directories;
        if (_options.ConfigFile is { } explicitFile)
        {
            if (!File.Exists(explicitFile))
            {
                throw new ConfigException([new ConfigError(explicitFile, "", "", null, "an existing configuration file (given with --config)")]);
            }
            ReadFile(config, explicitFile, errors, read);
            directories = [Path.GetDirectoryName(Path.GetFullPath(explicitFile)) ?? "."];
        }
        else
        {
            directories = _options.SearchDirectories;
            foreach (var directory in directories)
            {
                var main = Path.Join(directory, ConfigLoaderOptions.MainFileName);
                if (File.Exists(main))
                {
                    ReadFile(config, main, errors, read);
                }
            }
        }

        // CLUES reads CONFIG_DIR from the main files only (a conf.d file cannot redirect it), and looks for that
        // sub-directory under every search directory, whether or not that directory had a main file.
        var configDir = config.Find(GeneralOptions.Section, "CONFIG_DIR") is { } entry ? CluesConfig.StringValue(entry.Value) : "";
        if (configDir.Length > 0)
        {
            foreach (var directory in directories)
            {
                // KEEP: CLUES joins the two ("%s%s"), so even an absolute CONFIG_DIR stays under the search directory.
                foreach (var file in ConfigDirFiles(Path.Join(directory, configDir)))
                {
                    ReadFile(config, file, errors, read);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
        return config;
    }

    /// <summary>Reads one INI file into <paramref name="config"/> (overriding what is there) and records it.</summary>
    /// <exception cref="ConfigException">The file has syntax errors or cannot be read.</exception>
    public static void ReadFile(CluesConfig config, string path)
    {
        var errors = new List<ConfigError>();
        ReadFile(config, path, errors, new HashSet<string>(StringComparer.Ordinal));
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    private static void ReadFile(CluesConfig config, string path, List<ConfigError> errors, HashSet<string> read)
    {
        // The same file reached twice (e.g. ./etc is ~/clues2/etc) would only repeat itself: read it once.
        if (!read.Add(Path.GetFullPath(path)))
        {
            return;
        }
        IniParseResult result;
        try
        {
            using var reader = new StreamReader(path);
            result = IniParser.Parse(reader, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // FIX: Python's ConfigParser.read silently skips a file it cannot open; a daemon quietly running
            // without its /etc/clues2/clues2.cfg is worse than a clear error.
            errors.Add(new ConfigError(path, "", "", null, $"a readable file ({ex.Message})"));
            return;
        }
        config.AddFile(path);
        foreach (var value in result.Values)
        {
            config.Set(value.Section, value.Key, value.Value, path, value.Line);
        }
        errors.AddRange(result.Errors);
        WarnAboutRepeats(config, path, result);
    }

    // KEEP (ConfigParser, spec §13.1): a repeated section merges and a repeated key overrides. Both are legal, and
    // CLUES' own conf.d files repeat keys, but within one file a repeat is usually a forgotten line: say so.
    private static void WarnAboutRepeats(CluesConfig config, string path, IniParseResult result)
    {
        foreach (var repeat in result.Headers.GroupBy(h => h.Section, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var lines = repeat.Select(h => h.Line).ToList();
            config.AddWarning(new ConfigWarning(path, lines[^1], repeat.Key, "",
                $"starts again (also at line {string.Join(", ", lines.SkipLast(1))}): its keys are merged, and a key set in both keeps the last value"));
        }
        foreach (var repeat in result.Values.GroupBy(v => (v.Section, Key: v.Key.ToUpperInvariant())).Where(g => g.Count() > 1))
        {
            var values = repeat.ToList();
            config.AddWarning(new ConfigWarning(path, values[^1].Line, repeat.Key.Section, values[^1].Key,
                $"is set more than once in this file (also at line {string.Join(", ", values.SkipLast(1).Select(v => v.Line))}): the last value wins"));
        }
    }

    private static IEnumerable<string> ConfigDirFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        // Python's glob("*.cfg"): case-sensitive suffix, hidden files skipped. FIX (spec §14 Q23): sorted by name.
        return Directory.EnumerateFiles(directory)
            .Where(f => Path.GetFileName(f) is var name && name.EndsWith(".cfg", StringComparison.Ordinal) && !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
