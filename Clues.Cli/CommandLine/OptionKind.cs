namespace Clues.Cli.CommandLine;

/// <summary>The kinds of command-line items of cpyutils' parser.</summary>
internal enum OptionKind
{
    /// <summary>A named flag with no value (<c>-x</c>).</summary>
    Flag,
    /// <summary>A named parameter with one value (<c>--cpu 1</c>).</summary>
    Parameter,
    /// <summary>A positional argument; <see cref="OptionSpec.AllRemaining"/> takes every remaining token.</summary>
    Argument,
}
