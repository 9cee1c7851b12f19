namespace Clues.Core.Explain;

/// <summary>An explanation: a stable code (the reason in kebab case) and a sentence with the figures that led to it.</summary>
/// <param name="Code">For example <c>idle-too-short</c>.</param>
/// <param name="Text">For example <c>idle for 605 s, less than IDLE_TIME (1800 s)</c>.</param>
public sealed record Explanation(string Code, string Text)
{
    /// <summary><c>code: text</c>, as the API and the CLI show it.</summary>
    public override string ToString() => $"{Code}: {Text}";
}
