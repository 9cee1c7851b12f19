namespace Clues.Cli.CommandLine;

/// <summary>The outcome of parsing a command line.</summary>
/// <param name="Help">Whether <c>-h</c>/<c>--help</c> was given.</param>
/// <param name="Operation">The operation, or null when none was stated.</param>
/// <param name="Values">Values by item name (flags: true; parameters and arguments: their cast values).</param>
/// <param name="Errors">Parse errors, in cpyutils' wording and order; empty on success.</param>
internal sealed record ParsedCommand(bool Help, string? Operation, IReadOnlyDictionary<string, IReadOnlyList<object>> Values,
    IReadOnlyList<string> Errors)
{
    /// <summary>Whether a flag was given.</summary>
    public bool Flag(string name) => Values.ContainsKey(name);

    /// <summary>The values of an item, or null when it did not appear.</summary>
    public IReadOnlyList<object>? Get(string name) => Values.TryGetValue(name, out var v) ? v : null;
}
