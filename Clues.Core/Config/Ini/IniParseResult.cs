namespace Clues.Core.Config.Ini;

/// <summary>What <see cref="IniParser"/> found in one file: the values in file order and every syntax error.</summary>
/// <param name="Values">The values, in the order they appear (a repeated key appears twice; the last one wins).</param>
/// <param name="Errors">The syntax errors, each naming the file and line.</param>
/// <param name="Headers">Every <c>[section]</c> header with its line, in file order (a repeated one appears twice).</param>
internal sealed record IniParseResult(IReadOnlyList<IniValue> Values, IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<(string Section, int Line)> Headers);
