namespace Clues.Core.Config;

/// <summary>One configuration problem: where it is and what was expected.</summary>
/// <param name="File">The file the value came from (null when set in code or on the command line).</param>
/// <param name="Section">The INI section.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The offending value, if any.</param>
/// <param name="Expected">What would have been accepted.</param>
public sealed record ConfigError(string? File, string Section, string Key, string? Value, string Expected)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{File ?? "(no file)"}: [{Section}] {Key}" + (Value is null ? "" : $" = '{Value}'") + $": expected {Expected}";
}
