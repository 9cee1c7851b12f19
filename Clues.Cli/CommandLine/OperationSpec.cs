namespace Clues.Cli.CommandLine;

/// <summary>An operation (sub-command) and its items, in declaration order.</summary>
internal sealed record OperationSpec(string Name, IReadOnlyList<OptionSpec> Options);
