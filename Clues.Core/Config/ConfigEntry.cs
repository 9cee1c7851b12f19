namespace Clues.Core.Config;

/// <summary>One raw configuration value and where it came from.</summary>
/// <param name="Key">The key as written.</param>
/// <param name="Value">The raw value.</param>
/// <param name="File">The file, or null when set in code.</param>
/// <param name="Line">The 1-based line of the key in <paramref name="File"/>, or null when unknown.</param>
public sealed record ConfigEntry(string Key, string Value, string? File, int? Line = null)
{
    /// <summary>Where the value came from: <c>file:line</c>, the file alone, or <c>(set in code)</c>.</summary>
    public string Origin => File is null ? "(set in code)" : Line is null ? File : $"{File}:{Line}";
}
