namespace Clues.Core.Api.XmlRpc;

/// <summary>
/// The fault codes the server sends, from the de-facto XML-RPC interoperability list (CLUES' Python server sent
/// 1 for everything; Python clients only show the code and the string, so any code is compatible).
/// </summary>
public static class XmlRpcFaultCodes
{
    /// <summary>The body is not well-formed XML or not a valid <c>methodCall</c>.</summary>
    public const int ParseError = -32700;
    /// <summary>The XML uses a type the server does not accept (for example <c>nil</c>).</summary>
    public const int UnsupportedType = -32701;
    /// <summary>The body is larger than the server accepts.</summary>
    public const int RequestTooLarge = -32702;
    /// <summary>No such method.</summary>
    public const int MethodNotFound = -32601;
    /// <summary>Wrong number or types of arguments.</summary>
    public const int InvalidParams = -32602;
    /// <summary>The method failed inside the server.</summary>
    public const int InternalError = -32603;
}
