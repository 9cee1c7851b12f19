namespace Clues.Core.Config;

/// <summary>One configuration problem: where it is and what was expected.</summary>
/// <param name="File">The file the value came from (null when set in code or on the command line).</param>
/// <param name="Section">The INI section (empty for a line outside any section).</param>
/// <param name="Key">The key (empty for a problem about a whole line or file).</param>
/// <param name="Value">The offending value (or line), if any.</param>
/// <param name="Expected">What would have been accepted.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>, when known.</param>
public sealed record ConfigError(string? File, string Section, string Key, string? Value, string Expected, int? Line = null)
{
    /// <summary>
    /// <c>file:line: [section] KEY = 'value': expected …</c>, leaving out the parts that do not apply.
    /// </summary>
    public override string ToString()
    {
        var where = (File ?? "(no file)") + (Line is null ? "" : $":{Line}");
        var what = (Section.Length == 0 ? "" : $" [{Section}]") + (Key.Length == 0 ? "" : $" {Key}");
        // A value may be a URL with a password in it (DB_CONNECTION_STRING): errors end up in logs and terminals.
        var shown = Value is null ? null : Persistence.DatabaseConnectionString.Redact(Value);
        var value = shown is null ? "" : Key.Length == 0 ? $" '{shown}'" : $" = '{shown}'";
        return $"{where}:{what}{value}: expected {Expected}";
    }
}
