namespace Clues.Cli.Operations;

/// <summary>What an operation prints and whether it succeeded.</summary>
/// <param name="Success">Exit code 0 when true, 255 otherwise (as CLUES).</param>
/// <param name="Text">The text printed (a newline is added); null when the operation already printed as it went.</param>
/// <param name="Items">Per-target outcomes for <c>--json</c>.</param>
internal sealed record OperationResult(bool Success, string? Text, IReadOnlyList<OperationItem> Items);
