using Clues.Core.Config;

namespace Clues.Cli.Config;

/// <summary>
/// Reads one INI file the way Python's ConfigParser does for CLUES' files: <c>[section]</c> headers,
/// <c>key = value</c> or <c>key: value</c>, full-line <c>#</c>/<c>;</c> comments, indented continuation lines.
/// </summary>
internal static class IniFile
{
    public static void ReadInto(CluesConfig config, string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"could not read configuration file {path}: {ex.Message}");
        }
        config.AddFile(path);
        string? section = null;
        string? lastKey = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }
            if (char.IsWhiteSpace(line[0]) && section is not null && lastKey is not null)
            {
                var previous = config.Find(section, lastKey)!;
                config.Set(section, lastKey, previous.Value + "\n" + trimmed, path);
                continue;
            }
            if (trimmed[0] == '[' && trimmed[^1] == ']')
            {
                section = trimmed[1..^1].Trim();
                lastKey = null;
                continue;
            }
            var separator = trimmed.IndexOfAny(['=', ':']);
            if (section is null || separator <= 0)
            {
                throw new ConfigException($"{path}, line {i + 1}: expected [section] or key = value, found '{trimmed}'");
            }
            lastKey = trimmed[..separator].Trim();
            config.Set(section, lastKey, trimmed[(separator + 1)..].Trim(), path);
        }
    }
}
