namespace Clues.Cli.Operations;

/// <summary>One target's outcome (a node, a request) for <c>--json</c>.</summary>
/// <param name="Target">The node name or request id, or null for platform-wide operations.</param>
/// <param name="Success">Whether the server reported success.</param>
/// <param name="Message">The text for this target.</param>
/// <param name="Value">The raw payload when it is not text (a request id, a boolean).</param>
internal sealed record OperationItem(string? Target, bool Success, string Message, object? Value = null);
