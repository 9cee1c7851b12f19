namespace Clues.Core.Config.Ini;

/// <summary>One <c>key = value</c> read from an INI file, continuation lines joined.</summary>
/// <param name="Section">The section it is in (case kept).</param>
/// <param name="Key">The key as written (trimmed).</param>
/// <param name="Value">The raw value: trimmed, continuation lines joined with <c>\n</c>.</param>
/// <param name="Line">The 1-based line of the key.</param>
internal sealed record IniValue(string Section, string Key, string Value, int Line);
