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
                warnings.Add(Unknown(entry, section, SectionsReading(config, entry.Key).ToList(), ClosestKey(config, section, entry.Key)));
            }
        }
        return warnings;
    }

    /// <summary>The warning for an entry no component reads: where it belongs, else the key it is probably a typo of.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="section">Its section.</param>
    /// <param name="homes">The sections where a component reads that key.</param>
    /// <param name="closest">The nearest key read in <paramref name="section"/>, if near enough.</param>
    public static ConfigWarning Unknown(ConfigEntry entry, string section, IReadOnlyList<string> homes, string? closest) =>
        new(entry, section, homes.Count > 0
            ? $"is not a [{section}] key and is ignored: it belongs in {string.Join(" or ", homes.Select(h => $"[{h}]"))}"
            : closest is not null
                ? $"is not a [{section}] key and is ignored (misspelt? did you mean {closest}?)"
                : $"is not a [{section}] key and is ignored (misspelt?)");

    /// <summary>The sections present in the files that no component read (plugin-private or unused), in file order.</summary>
    public static IReadOnlyList<string> UnreadSections(CluesConfig config)
    {
        var read = ReadSections(config).ToHashSet(StringComparer.Ordinal);
        return config.SectionNames.Where(s => !read.Contains(s)).ToList();
    }

    /// <summary>The sections in which some component reads <paramref name="key"/>.</summary>
    public static IEnumerable<string> SectionsReading(CluesConfig config, string key) =>
        config.Reads.Where(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)).Select(r => r.Section).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The key read in <paramref name="section"/> nearest to <paramref name="key"/> by edit distance, if it is near
    /// enough to be a typo (a third of the key's length: COMMANDLINE_POWON → COMMANDLINE_CMDLINE_POWON).
    /// </summary>
    public static string? ClosestKey(CluesConfig config, string section, string key) =>
        ClosestKey(config.Reads.Where(r => r.Section == section).Select(r => r.Key), key);

    /// <summary>The one of <paramref name="candidates"/> nearest to <paramref name="key"/>, if it is near enough to be a typo.</summary>
    public static string? ClosestKey(IEnumerable<string> candidates, string key)
    {
        var wanted = key.ToUpperInvariant();
        return candidates
            .Select(c => (Key: c, Distance: EditDistance(wanted, c.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(2, Math.Max(wanted.Length, c.Key.Length) / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).FirstOrDefault();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, one row at a time.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static IEnumerable<string> ReadSections(CluesConfig config) =>
        config.Reads.Select(r => r.Section).Distinct(StringComparer.Ordinal);

    private static bool IsRead(CluesConfig config, string section, string key) =>
        config.Reads.Any(r => r.Section == section && string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase));
}
