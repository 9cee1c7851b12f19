namespace Clues.Core.Config;

/// <summary>Something in the files that CLUES silently ignores (for example a key in the wrong section).</summary>
/// <param name="Entry">The ignored entry.</param>
/// <param name="Section">The section it is in.</param>
/// <param name="Message">What is wrong and, when known, where it belongs.</param>
public sealed record ConfigWarning(ConfigEntry Entry, string Section, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Entry.Origin}: [{Section}] {Entry.Key} {Message}";
}
