namespace Clues.Core.Config.Ini;

/// <summary>
/// Reads CLUES' INI files the way Python's <c>ConfigParser</c> does, minus <c>%</c> interpolation.
/// </summary>
/// <remarks>
/// <para>
/// Why not Microsoft.Extensions.Configuration.Ini's reader: run over the CLUES fixtures it cannot load them
/// unchanged. It has no continuation lines, so the indented <c>ONE_VIRTUAL_CLUSTER_TEMPLATE</c> lines of
/// plugin-one.cfg become bogus keys (<c>NAME</c>, <c>CPU</c>, …) and the template is empty; it strips the quotes
/// of <c>NOMAD_SERVER="http://localhost:10000"</c> (CLUES keeps them); it throws on the repeated
/// <c>ONE_XMLRPC</c> of conf.d/plugins.cfg; it knows no <c>key: value</c>; its sections are case-insensitive;
/// and it stops at the first bad line without a line number.
/// </para>
/// <para>ConfigParser's rules mirrored here:</para>
/// <list type="bullet">
/// <item>Lines whose first non-blank character is <c>#</c> or <c>;</c> are comments; there are no inline
/// comments (the <c>#</c> cut of string values happens later, in <see cref="CluesConfig.GetString"/>).</item>
/// <item><c>[name]</c> starts a section; the name is everything between the first <c>[</c> and the last
/// <c>]</c>, case kept. A key before any section is an error.</item>
/// <item><c>key = value</c> or <c>key: value</c>, split at the first <c>=</c> or <c>:</c>; key and value
/// trimmed. A line with neither, or with an empty key, is an error.</item>
/// <item>A line indented deeper than its key continues the value (joined with <c>\n</c>); blank lines inside
/// a value are kept, trailing blank lines dropped.</item>
/// <item>Values are raw: no <c>%</c> interpolation (FIX spec §14 Q17), so <c>%%h</c> stays <c>%%h</c>.</item>
/// <item>A repeated section merges and a repeated key overrides, as Python 2's ConfigParser did (Python 3's
/// strict mode rejects them, but CLUES' own conf.d/plugins.cfg repeats keys).</item>
/// <item>Every bad line is reported, not only the first, as ConfigParser's ParsingError does.</item>
/// </list>
/// </remarks>
internal static class IniParser
{
    private const string SyntaxExpected =
        "a [section] header, a 'KEY = value' (or 'KEY: value') line, a comment starting with # or ;, " +
        "or a continuation line indented deeper than its key";

    /// <summary>Parses a file's text; <paramref name="file"/> only names the file in errors.</summary>
    public static IniParseResult Parse(TextReader reader, string file)
    {
        var values = new List<IniValue>();
        var errors = new List<ConfigError>();
        var headers = new List<(string, int)>();
        string? section = null;
        Pending? pending = null;
        var lineNumber = 0;

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.StartsWith('#') || text.StartsWith(';'))
            {
                continue;
            }
            if (text.Length == 0)
            {
                pending?.Lines.Add("");
                continue;
            }
            var indent = line.Length - line.TrimStart().Length;
            if (pending is not null && indent > pending.Indent)
            {
                pending.Lines.Add(text);
                continue;
            }
            Flush(pending, values);
            pending = null;

            if (text.StartsWith('[') && text.LastIndexOf(']') is var close and > 1)
            {
                section = text[1..close];
                headers.Add((section, lineNumber));
                continue;
            }
            var delimiter = text.IndexOfAny(['=', ':']);
            var key = delimiter < 0 ? "" : text[..delimiter].Trim();
            if (key.Length == 0)
            {
                errors.Add(new ConfigError(file, section ?? "", "", text, SyntaxExpected, lineNumber));
                continue;
            }
            if (section is null)
            {
                errors.Add(new ConfigError(file, "", key, null,
                    "a [section] header before the first key (CLUES reads keys such as [general] CLUES_PORT)", lineNumber));
                continue;
            }
            pending = new Pending(section, key, indent, lineNumber, [text[(delimiter + 1)..].Trim()]);
        }
        Flush(pending, values);
        return new IniParseResult(values, errors, headers);
    }

    private static void Flush(Pending? pending, List<IniValue> values)
    {
        if (pending is not null)
        {
            values.Add(new IniValue(pending.Section, pending.Key, string.Join('\n', pending.Lines).TrimEnd(), pending.Line));
        }
    }

    private sealed record Pending(string Section, string Key, int Indent, int Line, List<string> Lines);
}
