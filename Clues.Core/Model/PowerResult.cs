namespace Clues.Core.Model;

/// <summary>The outcome of a power action.</summary>
/// <param name="Success">Whether the action was carried out.</param>
/// <param name="NodeName">
/// The node that was really switched. Usually the node asked for; a plugin may switch another known node
/// (for example a cloud plugin whose VM came up under another name), and the daemon then tracks that one.
/// </param>
/// <param name="Error">Why it failed, when it did (shown in logs and API replies).</param>
public sealed record PowerResult(bool Success, string? NodeName, string? Error = null)
{
    /// <summary>A successful action on <paramref name="node"/>.</summary>
    public static PowerResult Ok(string node) => new(true, node);
    /// <summary>A failed action, with the reason.</summary>
    public static PowerResult Failed(string? node, string error) => new(false, node, error);
}
