namespace Clues.Core.Api.XmlRpc;

/// <summary>A <c>dateTime.iso8601</c> value, kept as sent (no CLUES method takes one).</summary>
/// <param name="Text">The text of the element, for example <c>20240131T10:00:00</c>.</param>
public sealed record XmlRpcDateTime(string Text);
