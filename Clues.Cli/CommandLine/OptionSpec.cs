namespace Clues.Cli.CommandLine;

/// <summary>One item of an operation's command line.</summary>
/// <param name="Kind">Flag, parameter or argument.</param>
/// <param name="Name">The name (<c>--cpu</c>, <c>-x</c>, or an argument's name such as <c>nodes</c>).</param>
/// <param name="Alt">The alternative name (<c>-c</c>, <c>--xml</c>), if any.</param>
/// <param name="Mandatory">Whether it must appear.</param>
/// <param name="AllRemaining">For arguments: takes every remaining token (cpyutils <c>count=-1</c>).</param>
/// <param name="Type">How values are cast.</param>
internal sealed record OptionSpec(OptionKind Kind, string Name, string? Alt = null, bool Mandatory = false,
    bool AllRemaining = false, ValueType Type = ValueType.Text);
