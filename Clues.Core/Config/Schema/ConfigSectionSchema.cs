using System.Text;

namespace Clues.Core.Config.Schema;

/// <summary>
/// The declared keys of one INI section that a plugin reads: what <c>clues-host check</c> checks and lists for the
/// plugin selected in the configuration, what the plugin reads through, and what the documentation prints.
/// </summary>
public sealed class ConfigSectionSchema
{
    /// <summary>Declares a section.</summary>
    /// <param name="section">The INI section (case-sensitive), for example <c>COMMANDLINE</c>.</param>
    /// <param name="description">What the section configures, one sentence.</param>
    /// <param name="keys">Its keys.</param>
    public ConfigSectionSchema(string section, string description, IReadOnlyList<ConfigKey> keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentNullException.ThrowIfNull(keys);
        var repeated = keys.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"[{section}] declares {repeated.Key} twice", nameof(keys));
        }
        Section = section;
        Description = description;
        Keys = keys;
    }

    /// <summary>The INI section.</summary>
    public string Section { get; }

    /// <summary>What the section configures.</summary>
    public string Description { get; }

    /// <summary>The declared keys, in documentation order.</summary>
    public IReadOnlyList<ConfigKey> Keys { get; }

    /// <summary>
    /// Reads every declared key, so that type errors, rejected and missing mandatory values land in
    /// <see cref="CluesConfig.Errors"/> and every key is listed (and the others flagged) by <c>clues-host check</c>.
    /// </summary>
    public void Bind(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var key in Keys)
        {
            key.Bind(config, Section);
        }
    }

    /// <summary>
    /// The entries of the section that no declared key matches, which the program ignores: each with the declared key
    /// it is probably a misspelling of. For a program that reads its section alone (the docker-wrapper); in
    /// <c>clues-host check</c> the same warnings come from every key read (<see cref="Bind"/>).
    /// </summary>
    public IReadOnlyList<ConfigWarning> UnknownKeys(CluesConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Entries(Section).Where(e => !Keys.Any(k => k.Matches(e.Key))).OrderBy(e => e.Line)
            .Select(e => ConfigInspector.Unknown(e, Section, [], ConfigInspector.ClosestKey(Keys.Where(k => !k.IsPrefix).Select(k => k.Name), e.Key)))
            .ToList();
    }

    /// <summary>The section as a Markdown table (the documentation of docs/plugin-keys.md).</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("### [").Append(Section).Append("]\n\n").Append(Description).Append("\n\n");
        text.Append("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        foreach (var key in Keys)
        {
            var name = key.IsPrefix ? key.Name + "<name>" : key.Name;
            var kind = key.Kind.ToString().ToLowerInvariant();
            var defaultText = key.Required ? "(mandatory)" : key.IsPrefix ? "(none)" : key.DefaultText.Length == 0 ? "(empty)" : "`" + key.DefaultText + "`";
            text.Append("| `").Append(name).Append("` | ").Append(kind).Append(" | ").Append(defaultText.Replace("|", "\\|", StringComparison.Ordinal))
                .Append(" | ").Append(key.Description.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }
        return text.ToString();
    }
}
