using Clues.Core.Config;

namespace Clues.DockerWrapper.Configuration;

/// <summary>Reads ConfigParser-style INI files into a <see cref="CluesConfig"/>: <c>[SECTION]</c>, <c>key=value</c> or
/// <c>key: value</c>, <c>#</c>/<c>;</c> comment lines, indented continuation lines.</summary>
internal static class IniFileReader
{
    public static void Read(string path, CluesConfig config)
    {
        config.AddFile(path);
        string? section = null;
        string? lastKey = null;
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }
            if (section is not null && lastKey is not null && char.IsWhiteSpace(line[0]))
            {
                var previous = config.Find(section, lastKey)!;
                config.Set(section, lastKey, previous.Value + "\n" + trimmed, path);
                continue;
            }
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                section = trimmed[1..^1].Trim();
                lastKey = null;
                continue;
            }
            var separator = trimmed.IndexOfAny(['=', ':']);
            if (section is null || separator <= 0)
            {
                config.AddError(new ConfigError(path, section ?? "", trimmed, trimmed, "a 'key = value' line inside a [section]"));
                continue;
            }
            lastKey = trimmed[..separator].Trim();
            config.Set(section, lastKey, trimmed[(separator + 1)..].Trim(), path);
        }
    }
}
