namespace Clues.Core.Config;

/// <summary>
/// Compares the files with the keys the code asked for (<see cref="CluesConfig.Reads"/>): keys nobody reads in a
/// section that is read are ignored by CLUES without a word, which hides typos and misplaced keys.
/// </summary>
internal static class ConfigInspector
{
    /// <summary>
    /// Every entry of a read section that no component read, with the section it belongs in when the key is
    /// read elsewhere (e.g. <c>[general] MAX_WAIT_POWERON</c> belongs in <c>[monitoring]</c>).
    /// </summary>
    public static IReadOnlyList<ConfigWarning> UnknownKeys(CluesConfig config)
    {
        var warnings = new List<ConfigWarning>();
        foreach (var section in ReadSections(config))
        {
            foreach (var entry in config.Entries(section).Where(e => !IsRead(config, section, e.Key)).OrderBy(e => e.Line))
            {
                var homes = SectionsReading(config, entry.Key).ToList();
                warnings.Add(new ConfigWarning(entry, section, homes.Count > 0
                    ? $"is not a [{section}] key and is ignored: it belongs in {string.Join(" or ", homes.Select(h => $"[{h}]"))}"
                    : $"is not a [{section}] key and is ignored (misspelt?)"));
            }
        }
        return warnings;
    }

    /// <summary>The sections present in the files that no component read (plugin-private or unused), in file order.</summary>
    public static IReadOnlyList<string> UnreadSections(CluesConfig config)
    {
        var read = ReadSections(config).ToHashSet(StringComparer.Ordinal);
        return config.SectionNames.Where(s => !read.Contains(s)).ToList();
    }

    /// <summary>The sections in which some component reads <paramref name="key"/>.</summary>
    public static IEnumerable<string> SectionsReading(CluesConfig config, string key) =>
        config.Reads.Where(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)).Select(r => r.Section).Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> ReadSections(CluesConfig config) =>
        config.Reads.Select(r => r.Section).Distinct(StringComparer.Ordinal);

    private static bool IsRead(CluesConfig config, string section, string key) =>
        config.Reads.Any(r => r.Section == section && string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase));
}
