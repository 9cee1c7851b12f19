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
        var value = Value is null ? "" : Key.Length == 0 ? $" '{Value}'" : $" = '{Value}'";
        return $"{where}:{what}{value}: expected {Expected}";
    }
}
