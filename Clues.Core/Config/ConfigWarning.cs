namespace Clues.Core.Config;

/// <summary>
/// Something in the configuration that CLUES accepts without a word but that is probably a mistake (a key in the
/// wrong section, a misspelt key, a key set twice, an empty secret). It does not stop the daemon.
/// </summary>
/// <param name="File">The file concerned, or null when the problem is a default (nothing written).</param>
/// <param name="Line">The 1-based line, when known.</param>
/// <param name="Section">The section.</param>
/// <param name="Key">The key, or empty for a whole section.</param>
/// <param name="Message">What is wrong and, when known, what to do.</param>
public sealed record ConfigWarning(string? File, int? Line, string Section, string Key, string Message)
{
    /// <summary>A warning about one entry of the files.</summary>
    public ConfigWarning(ConfigEntry entry, string section, string message)
        : this((entry ?? throw new ArgumentNullException(nameof(entry))).File, entry.Line, section, entry.Key, message)
    {
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(File is null ? "(defaults)" : Line is null ? File : $"{File}:{Line}")}: [{Section}]{(Key.Length == 0 ? "" : " " + Key)} {Message}";
}
