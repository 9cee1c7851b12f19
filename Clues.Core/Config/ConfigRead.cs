namespace Clues.Core.Config;

/// <summary>
/// One key a component asked for through a typed getter of <see cref="CluesConfig"/>: the set of reads is the
/// set of keys the running code knows, which <c>clues-host check</c> prints and compares against the files.
/// </summary>
/// <param name="Section">The section asked for.</param>
/// <param name="Key">The key as the component spells it.</param>
/// <param name="Kind">How the value is parsed.</param>
/// <param name="DefaultValue">The default, formatted.</param>
/// <param name="EffectiveValue">The value in effect, formatted (the default when absent or invalid).</param>
/// <param name="Entry">The entry the value came from, or null when the default applies.</param>
public sealed record ConfigRead(
    string Section, string Key, ConfigValueKind Kind, string DefaultValue, string EffectiveValue, ConfigEntry? Entry)
{
    /// <summary>The entry whose value was rejected (an error was recorded and the default applies), if any.</summary>
    public ConfigEntry? RejectedEntry { get; init; }
}
