using Clues.Core.Config.Schema;

namespace Clues.Core.Http;

/// <summary>The key shapes every REST plugin declares (its server URL, PEM files) and CLUES' <c>None</c> convention.</summary>
public static class RestConfigKeys
{
    /// <summary>CLUES' None default: absent, empty and the literal <c>None</c> all mean "not set" (null).</summary>
    public static string? Optional(string value) => value is { Length: > 0 } and not "None" ? value : null;

    /// <summary>An absolute <c>http</c> or <c>https</c> URL, or null.</summary>
    public static Uri? HttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>A key naming a PEM file (a CA, a client certificate or key) that must exist when it is set.</summary>
    /// <param name="key">The key's name.</param>
    /// <param name="description">What the file is, for <c>clues-host check</c> and docs/plugin-keys.md.</param>
    /// <param name="normalize">Applied to the value before the check (for example a plugin's quote removal).</param>
    public static ConfigKey<string> PemFile(string key, string description, Func<string, string>? normalize = null) =>
        ConfigKey.String(key, "", description,
            validate: v => Optional(normalize is null ? v : normalize(v)) is not { } file || File.Exists(file) ? null : "the path of an existing PEM file");
}
