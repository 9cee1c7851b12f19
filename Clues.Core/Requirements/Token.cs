namespace Clues.Core.Requirements;

/// <summary>One token: its kind, where it starts (0-based) and how long it is in the source text.</summary>
/// <param name="Kind">The token kind.</param>
/// <param name="Start">Offset of the first character in the source.</param>
/// <param name="Length">Number of source characters.</param>
/// <param name="Text">The string contents (without quotes) or the identifier.</param>
/// <param name="Number">The value of a number (size suffix applied).</param>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string? Text = null, double Number = 0);
