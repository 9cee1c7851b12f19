namespace Clues.Core.Api.XmlRpc;

/// <summary>The answer to one XML-RPC body.</summary>
/// <param name="Document">The <c>methodResponse</c> document.</param>
/// <param name="MethodName">The method called, or null when the body could not be parsed.</param>
/// <param name="IsFault">Whether the document is a fault.</param>
public sealed record XmlRpcResponse(string Document, string? MethodName, bool IsFault);
